using System.ComponentModel.DataAnnotations;

namespace Burgerbaan.Contracts;

/// <summary>
/// What a volunteer would like to do, kept for matching them to opportunities. Accepting an application copies its
/// interests, neighbourhood and hours a week here, so they outlive the application's erasure.
/// </summary>
/// <param name="Interests">Tags, lower case, each once; compared with opportunities' tags.</param>
/// <param name="HoursPerWeek">Hours a week the volunteer would like to give, 1 to 40.</param>
public sealed record VolunteerWishes(
    long VolunteerId,
    IReadOnlyList<string> Interests,
    string? Neighbourhood,
    int? HoursPerWeek);

/// <summary>Replaces the volunteer's wishes as a whole: a field left out is cleared.</summary>
/// <param name="Interests">At most 20 tags of at most 40 characters; stored trimmed, in lower case, each once.</param>
/// <param name="HoursPerWeek">1 to 40.</param>
public sealed record PutVolunteerWishesRequest(
    [property: MaxLength(20)] IReadOnlyList<string>? Interests = null,
    [property: StringLength(100)] string? Neighbourhood = null,
    [property: Range(1, 40)] int? HoursPerWeek = null);

/// <summary>What a match score is made of.</summary>
public enum MatchFactor
{
    /// <summary>10 points for each of the person's interests that is one of the opportunity's tags.</summary>
    Interests,

    /// <summary>5 points when the opportunity is in the person's neighbourhood (compared without regard to case).</summary>
    Neighbourhood,

    /// <summary>5 points when the person's hours a week lie within the opportunity's range (an open end fits anything).</summary>
    Hours,
}

/// <param name="Points">What this factor adds to the score; 0 when both sides say something and it does not fit.</param>
/// <param name="Detail">The reason in words, e.g. "2 shared interests: koken, tuin".</param>
public sealed record MatchReason(MatchFactor Factor, int Points, string Detail);

/// <summary>A published opportunity, scored against one person's interests, neighbourhood and hours.</summary>
/// <param name="Score">The sum of the reasons' points; higher is a better fit.</param>
/// <param name="Reasons">One per factor both sides say something about, in the order interests, neighbourhood, hours.</param>
public sealed record OpportunityMatch(
    long OpportunityId,
    string Title,
    long OrganisationId,
    string OrganisationName,
    IReadOnlyList<string> Tags,
    string? Neighbourhood,
    int? HoursPerWeekMin,
    int? HoursPerWeekMax,
    int Score,
    IReadOnlyList<MatchReason> Reasons);

/// <summary>The best-fitting published opportunities, best first (ties: oldest opportunity first); only scores above 0.</summary>
public sealed record MatchList(IReadOnlyList<OpportunityMatch> Items);
