using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>Only published opportunities are public; closed ones stay for the record.</summary>
public enum OpportunityStatus
{
    Draft,
    Published,
    Closed,
}

/// <summary>An opening at an organisation (the demand side of the social map).</summary>
/// <param name="OrganisationId">Required for coordinators; a partner key may only name its own organisation (or leave it out).</param>
/// <param name="Tags">At most 20 tags of at most 40 characters; stored in lower case. Matching compares them with applicants' interests.</param>
public sealed record CreateOpportunityRequest(
    [property: StringLength(200, MinimumLength = 1)] string Title,
    [property: StringLength(4000, MinimumLength = 1)] string Description,
    long? OrganisationId = null,
    [property: MaxLength(20)] IReadOnlyList<string>? Tags = null,
    [property: StringLength(100)] string? Neighbourhood = null,
    [property: Range(1, 40)] int? HoursPerWeekMin = null,
    [property: Range(1, 40)] int? HoursPerWeekMax = null,
    LocalDate? StartDate = null,
    [property: Range(1, 1000)] int PlacesWanted = 1,
    OpportunityStatus Status = OpportunityStatus.Draft);

/// <summary>Fields left out (or null) stay as they are; an empty string clears neighbourhood. Tags, when given, replace the tags.</summary>
public sealed record UpdateOpportunityRequest(
    [property: StringLength(200, MinimumLength = 1)] string? Title = null,
    [property: StringLength(4000, MinimumLength = 1)] string? Description = null,
    [property: MaxLength(20)] IReadOnlyList<string>? Tags = null,
    [property: StringLength(100)] string? Neighbourhood = null,
    [property: Range(1, 40)] int? HoursPerWeekMin = null,
    [property: Range(1, 40)] int? HoursPerWeekMax = null,
    LocalDate? StartDate = null,
    [property: Range(1, 1000)] int? PlacesWanted = null,
    OpportunityStatus? Status = null);

public sealed record OpportunityResponse(
    long Id,
    long OrganisationId,
    string OrganisationName,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string? Neighbourhood,
    int? HoursPerWeekMin,
    int? HoursPerWeekMax,
    LocalDate? StartDate,
    int PlacesWanted,
    OpportunityStatus Status,
    Instant CreatedAt,
    Instant UpdatedAt);

/// <summary>A published opportunity as the public reads it.</summary>
public sealed record PublicOpportunity(
    long Id,
    string OrganisationName,
    string Title,
    string Description,
    IReadOnlyList<string> Tags,
    string? Neighbourhood,
    int? HoursPerWeekMin,
    int? HoursPerWeekMax,
    LocalDate? StartDate,
    int PlacesWanted);

/// <summary>The public figures. No personal data: counts only.</summary>
/// <param name="ActivePlaces">Volunteers with an allowance agreement covering today.</param>
/// <param name="PlacesTarget">The current aim (Website:PlacesTarget).</param>
/// <param name="SponsoredPlaces">Volunteers with a sponsor allocation covering today.</param>
/// <param name="OrganisationsWithActivePlacement">Organisations where a placement runs today.</param>
/// <param name="ActiveSponsors">Active sponsors with a sponsorship (not cancelled) covering today.</param>
/// <param name="ApprovedHoursThisYear">Approved hours worked this calendar year, in whole hours.</param>
/// <param name="AsOf">The day (Europe/Amsterdam) the figures are for.</param>
public sealed record PublicStats(
    int ActivePlaces,
    int PlacesTarget,
    int SponsoredPlaces,
    int OrganisationsWithActivePlacement,
    int ActiveSponsors,
    long ApprovedHoursThisYear,
    int PublishedOpportunities,
    LocalDate AsOf);
