using Burgerbaan.Contracts;

namespace Burgerbaan.Api.Matching;

/// <summary>What is matched: a person's interests (lower-case tags), neighbourhood and hours a week, from an application or a volunteer's wishes.</summary>
internal sealed record Seeker(IReadOnlyList<string> Interests, string? Neighbourhood, int? HoursPerWeek);

/// <summary>An opportunity as scoring needs it.</summary>
internal sealed record Opening(long Id, string Title, long OrganisationId, string OrganisationName, IReadOnlyList<string> Tags,
    string? Neighbourhood, int? HoursMin, int? HoursMax);

/// <summary>
/// The match score: simple, additive and explained, so a coordinator can see and argue with every point. Interests
/// weigh most (10 a shared tag): the pilot matches on talents and wishes first; the neighbourhood and the hours (5 each)
/// decide between openings that fit equally well. A factor one side says nothing about adds no reason at all.
/// </summary>
internal static class MatchScore
{
    public const int PerSharedInterest = 10;
    public const int SameNeighbourhood = 5;
    public const int HoursFit = 5;

    public static OpportunityMatch Score(Seeker seeker, Opening opening)
    {
        var reasons = new List<MatchReason>(3);
        if (seeker.Interests.Count > 0 && opening.Tags.Count > 0)
        {
            var shared = seeker.Interests.Where(i => opening.Tags.Contains(i, StringComparer.Ordinal)).ToList();
            reasons.Add(new MatchReason(MatchFactor.Interests, shared.Count * PerSharedInterest, shared.Count == 0
                ? "No shared interests."
                : $"{shared.Count} shared interest{(shared.Count == 1 ? "" : "s")}: {string.Join(", ", shared)}."));
        }
        if (seeker.Neighbourhood is not null && opening.Neighbourhood is not null)
        {
            var same = string.Equals(seeker.Neighbourhood.Trim(), opening.Neighbourhood.Trim(), StringComparison.OrdinalIgnoreCase);
            reasons.Add(new MatchReason(MatchFactor.Neighbourhood, same ? SameNeighbourhood : 0, same
                ? $"In {opening.Neighbourhood}."
                : $"In {opening.Neighbourhood}, not in {seeker.Neighbourhood}."));
        }
        if (seeker.HoursPerWeek is { } hours && (opening.HoursMin is not null || opening.HoursMax is not null))
        {
            var fits = (opening.HoursMin is null || opening.HoursMin <= hours) && (opening.HoursMax is null || opening.HoursMax >= hours);
            reasons.Add(new MatchReason(MatchFactor.Hours, fits ? HoursFit : 0,
                $"{hours} hours a week {(fits ? "fits" : "does not fit")} {Range(opening.HoursMin, opening.HoursMax)}."));
        }
        return new OpportunityMatch(opening.Id, opening.Title, opening.OrganisationId, opening.OrganisationName, opening.Tags,
            opening.Neighbourhood, opening.HoursMin, opening.HoursMax, reasons.Sum(r => r.Points), reasons);
    }

    /// <summary>The openings with a score above 0, best first; equal scores keep the oldest opening first.</summary>
    public static List<OpportunityMatch> Rank(Seeker seeker, IEnumerable<Opening> openings, int limit) =>
        openings.Select(o => Score(seeker, o)).Where(m => m.Score > 0)
            .OrderByDescending(m => m.Score).ThenBy(m => m.OpportunityId).Take(limit).ToList();

    private static string Range(int? min, int? max) => (min, max) switch
    {
        (not null, not null) when min == max => $"{min} hours",
        (not null, not null) => $"{min} to {max} hours",
        (not null, null) => $"at least {min} hours",
        _ => $"at most {max} hours",
    };
}
