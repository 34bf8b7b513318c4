using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>The tax-free volunteer allowance limits of one calendar year, in euro cents.</summary>
/// <param name="AnnualCents">Most that may count in the calendar year.</param>
/// <param name="MonthlyCents">Most that may count for one calendar month.</param>
/// <param name="HourlyCents">Most per hour for a volunteer aged 21 or older on the day worked.</param>
/// <param name="HourlyUnder21Cents">Most per hour for a volunteer under 21 on the day worked.</param>
public sealed record AllowanceLimitsResponse(int Year, long AnnualCents, long MonthlyCents, long HourlyCents, long HourlyUnder21Cents, Instant UpdatedAt);

/// <summary>Sets a year's limits: the body GET returns is accepted as it is. All positive; monthly at most annual; the under-21 rate
/// at most the 21+ rate. Once payouts count in that year, values may only go up; the statutory years never change.</summary>
/// <param name="Year">Optional; when sent it must equal the year in the path.</param>
/// <param name="UpdatedAt">Read-only; ignored when sent.</param>
public sealed record PutAllowanceLimitsRequest(
    [property: Range(1, 100_000_000)] long AnnualCents,
    [property: Range(1, 100_000_000)] long MonthlyCents,
    [property: Range(1, 100_000)] long HourlyCents,
    [property: Range(1, 100_000)] long HourlyUnder21Cents,
    int? Year = null,
    Instant? UpdatedAt = null);

/// <summary>Room left for one volunteer in one calendar year, from the running totals.</summary>
/// <param name="LegalAnnualLimitCents">The year's legal annual limit.</param>
/// <param name="EffectiveAnnualCapCents">The lower of the legal limit and the lowest annualBudgetCents of an agreement in that year.</param>
/// <param name="CountedCents">Pending, approved and paid payouts of counted kinds (allowance, travel, gift) for periods of that year, plus the
/// allowances declared from other organisations for them (the annual statement shows the two apart).</param>
/// <param name="HeadroomCents">What may still be paid in the year.</param>
/// <param name="Months">All twelve months, January first.</param>
public sealed record AllowanceHeadroomResponse(
    long VolunteerId,
    int Year,
    long LegalAnnualLimitCents,
    long EffectiveAnnualCapCents,
    long CountedCents,
    long HeadroomCents,
    IReadOnlyList<MonthHeadroomResponse> Months);

/// <param name="LimitCents">The legal monthly limit.</param>
/// <param name="CountedCents">The month's counted payouts plus the allowances declared from other organisations for it; more than
/// LimitCents only when a declaration took it there (then nothing more that counts is paid for the month).</param>
/// <param name="HeadroomCents">What may still be paid for this month: the month's room, but never more than the year's.</param>
public sealed record MonthHeadroomResponse(YearMonth Period, long LimitCents, long CountedCents, long HeadroomCents);
