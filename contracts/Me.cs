using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>
/// A volunteer's own record, as a volunteer key reads it (self-service). Its own contract, not the registry's
/// <see cref="VolunteerResponse"/>: whatever the cooperative keeps about a volunteer later stays out of this one
/// unless it is added here on purpose.
/// </summary>
/// <param name="Iban">The account payouts go to; changed through a coordinator, not here.</param>
public sealed record MeResponse(
    long Id,
    string FirstName,
    string LastName,
    LocalDate DateOfBirth,
    string? Email,
    string? Phone,
    string? Iban,
    Instant UpdatedAt);

/// <summary>What a volunteer may change about themselves: how to reach them. Fields left out (or null) stay as they are; an
/// empty string clears one. Anything else (names, date of birth, IBAN) is changed by a coordinator.</summary>
public sealed record UpdateMeRequest(
    [property: StringLength(254)] string? Email = null,
    [property: StringLength(32)] string? Phone = null);

/// <summary>One of the volunteer's own placements, with the organisation's name.</summary>
public sealed record MyPlacementResponse(
    long Id,
    long OrganisationId,
    string OrganisationName,
    LocalDate StartDate,
    LocalDate? EndDate,
    string Activity,
    int? HoursPerWeek);

/// <summary>A limit the volunteer is close to: crossing one costs a volunteer on benefits the whole allowance.</summary>
/// <param name="Code">Stable, like a problem code: <c>near_annual_limit</c> (less than 10% of the year's effective cap left) or
/// <c>near_monthly_limit</c> (less than 10% of the current month's limit left; only in the current year).</param>
/// <param name="Period">The month of a <c>near_monthly_limit</c>; null for the year.</param>
/// <param name="LimitCents">The cap concerned: the year's effective cap, or the month's limit.</param>
/// <param name="HeadroomCents">What may still be paid against it.</param>
/// <param name="Message">The same in words, for a person.</param>
public sealed record AllowanceWarning(string Code, YearMonth? Period, long LimitCents, long HeadroomCents, string Message);

/// <summary>The figures of <c>GET /v1/volunteers/{id}/allowance/{year}</c> for the volunteer's own key, plus warnings.</summary>
/// <param name="LegalAnnualLimitCents">The year's legal annual limit.</param>
/// <param name="EffectiveAnnualCapCents">The lower of the legal limit and the lowest annualBudgetCents of an agreement in that year.</param>
/// <param name="CountedCents">Pending, approved and paid payouts of counted kinds (allowance, travel, gift) for periods of that year, plus the
/// allowances declared from other organisations for them (the annual statement shows the two apart).</param>
/// <param name="HeadroomCents">What may still be paid in the year.</param>
/// <param name="Months">All twelve months, January first.</param>
/// <param name="Warnings">Empty while no limit is near.</param>
public sealed record MyAllowanceResponse(
    long VolunteerId,
    int Year,
    long LegalAnnualLimitCents,
    long EffectiveAnnualCapCents,
    long CountedCents,
    long HeadroomCents,
    IReadOnlyList<MonthHeadroomResponse> Months,
    IReadOnlyList<AllowanceWarning> Warnings);

/// <summary>Where a sponsor's place given to the volunteer stands today (Europe/Amsterdam).</summary>
public enum SponsorConsentStatus
{
    /// <summary>Starts after today.</summary>
    Upcoming,
    /// <summary>Covers today.</summary>
    Active,
    /// <summary>Its last day has passed.</summary>
    Ended,
    /// <summary>The consent was revoked; the allocation ended on the day of revocation.</summary>
    Revoked,
}

/// <summary>A sponsor linked to the volunteer: only with the volunteer's recorded consent, which is revocable.</summary>
/// <param name="AllocationId">The allocation (one sponsored place given to this volunteer).</param>
/// <param name="EndDate">The effective last day; earlier than StartDate when revoked before it began.</param>
/// <param name="NameInReports">Whether the volunteer agreed to be named in the sponsor's reports (otherwise a pseudonymous place).</param>
public sealed record SponsorConsentResponse(
    long AllocationId,
    long SponsorId,
    string SponsorName,
    LocalDate StartDate,
    LocalDate EndDate,
    Instant ConsentGivenAt,
    bool NameInReports,
    Instant? RevokedAt,
    SponsorConsentStatus Status);
