using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>A volunteer working at one organisation for a period.</summary>
public sealed record CreatePlacementRequest(
    long VolunteerId,
    long OrganisationId,
    LocalDate StartDate,
    [property: StringLength(200, MinimumLength = 1)] string Activity,
    LocalDate? EndDate = null,
    [property: Range(1, 40)] int? HoursPerWeek = null);

/// <summary>Fields left out (or null) stay as they are. Setting <c>endDate</c> ends the placement (there is no hard delete).</summary>
public sealed record UpdatePlacementRequest(
    LocalDate? StartDate = null,
    LocalDate? EndDate = null,
    [property: StringLength(200, MinimumLength = 1)] string? Activity = null,
    [property: Range(1, 40)] int? HoursPerWeek = null);

public sealed record PlacementResponse(
    long Id,
    VolunteerRef Volunteer,
    long OrganisationId,
    LocalDate StartDate,
    LocalDate? EndDate,
    string Activity,
    int? HoursPerWeek,
    Instant CreatedAt,
    Instant UpdatedAt);
