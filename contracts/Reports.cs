using NodaTime;

namespace Burgerbaan.Contracts;

// Exports and the near-limit list (issue 10). README, "CSV exports", lists the CSV columns of each.

/// <summary>Hour entries of one organisation in one calendar month, in minutes per status (each entry under one status).</summary>
/// <param name="Month">The month the hours were worked, yyyy-MM.</param>
/// <param name="ApprovedMinutes">Approved and not yet paid.</param>
/// <param name="PaidMinutes">Approved and paid for by a pending, approved or paid payout.</param>
/// <param name="Entries">Hour entries of the organisation in the month, any status.</param>
/// <param name="Volunteers">Distinct volunteers with an entry of the organisation in the month.</param>
public sealed record OrganisationMonthHoursResponse(
    long OrganisationId,
    string OrganisationName,
    YearMonth Month,
    long SubmittedMinutes,
    long ApprovedMinutes,
    long RejectedMinutes,
    long PaidMinutes,
    long Entries,
    long Volunteers);

/// <summary>Hours per organisation per month over a range of months; only months in which an organisation has entries have a row.</summary>
/// <param name="OrganisationId">The organisation asked for (a partner key: always its own), or null for all.</param>
/// <param name="Items">By organisation id, then month.</param>
public sealed record HoursPerOrganisationResponse(YearMonth From, YearMonth To, long? OrganisationId, IReadOnlyList<OrganisationMonthHoursResponse> Items);

/// <summary>One volunteer's allowance total for a calendar year, from the running totals: the headroom endpoint's year figures.</summary>
/// <param name="Active">False for a deactivated volunteer (listed: what was paid that year still counts).</param>
/// <param name="LegalAnnualLimitCents">The year's legal annual limit.</param>
/// <param name="EffectiveAnnualCapCents">The lower of the legal limit and the lowest annualBudgetCents of an agreement in that year.</param>
/// <param name="CountedCents">Pending, approved and paid payouts of counted kinds for periods of that year.</param>
/// <param name="HeadroomCents">What may still be paid in the year.</param>
public sealed record YearlyTotalResponse(
    long VolunteerId,
    string FirstName,
    string LastName,
    bool Active,
    int Year,
    long LegalAnnualLimitCents,
    long EffectiveAnnualCapCents,
    long CountedCents,
    long HeadroomCents);

/// <summary>Which limit is near: the year's effective cap, or the current month's legal limit.</summary>
public enum AllowanceLimitKind
{
    Year,
    Month,
}

/// <summary>One limit of which less than the threshold is left.</summary>
/// <param name="Period">The month (yyyy-MM) for a month limit; null for the year.</param>
/// <param name="CapCents">The effective annual cap, or the month's legal limit.</param>
/// <param name="CountedCents">What counts against it.</param>
/// <param name="HeadroomCents">What may still be paid (a month's never more than the year's).</param>
public sealed record NearLimitEntry(AllowanceLimitKind Limit, YearMonth? Period, long CapCents, long CountedCents, long HeadroomCents);

/// <summary>A volunteer with less room than the threshold in the year, the current month, or both.</summary>
/// <param name="Limits">The year first, then the month; only the limits under the threshold.</param>
public sealed record NearLimitResponse(long VolunteerId, string FirstName, string LastName, bool Active, int Year, IReadOnlyList<NearLimitEntry> Limits);
