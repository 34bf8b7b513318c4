using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>The representation of an annual statement: json (default), csv (also <c>Accept: text/csv</c>) or html (<c>Accept: text/html</c>).</summary>
public enum StatementFormat
{
    Json,
    Csv,
    Html,
}

/// <summary>A volunteer's allowance over one calendar year, for a benefit agency: per month what counted against the monthly limit (the
/// scheme's payouts and the allowances declared from other organisations), the expenses apart, and the year against its cap.
/// Its counted, limit and headroom figures are those of <c>GET /v1/volunteers/{id}/allowance/{year}</c>.</summary>
/// <param name="Limits">The year's legal limits and where they come from.</param>
/// <param name="EffectiveAnnualCapCents">The legal annual limit, or an agreement's lower annualBudgetCents.</param>
/// <param name="SchemeCents">The scheme's counted payouts (pending, approved, paid) of the year.</param>
/// <param name="OutsideCents">Allowances declared from other organisations for the year.</param>
/// <param name="CountedCents">SchemeCents + OutsideCents.</param>
/// <param name="HeadroomCents">What may still count in the year.</param>
/// <param name="ExpenseCents">Reimbursed actual costs (pending, approved, paid): not counted toward any limit.</param>
/// <param name="AllLimitsHeld">True when no month counted more than the monthly limit and the year not more than the legal annual limit.</param>
/// <param name="Conclusion">The same in one plain sentence.</param>
/// <param name="OutsideAllowances">The declarations that count in the year (removed ones are left out).</param>
public sealed record AnnualStatementResponse(
    long VolunteerId,
    string FirstName,
    string LastName,
    LocalDate DateOfBirth,
    int Year,
    StatementLimits Limits,
    long EffectiveAnnualCapCents,
    long SchemeCents,
    long OutsideCents,
    long CountedCents,
    long HeadroomCents,
    long ExpenseCents,
    bool AllLimitsHeld,
    string Conclusion,
    IReadOnlyList<StatementMonth> Months,
    IReadOnlyList<OutsideAllowanceResponse> OutsideAllowances,
    Instant GeneratedAt);

/// <param name="Statutory">True for the years seeded from the Belastingdienst's published figures; false for a year an admin set.</param>
/// <param name="Source">Where the figures come from, in words.</param>
public sealed record StatementLimits(long AnnualCents, long MonthlyCents, long HourlyCents, long HourlyUnder21Cents, bool Statutory, string Source);

/// <param name="LimitCents">The legal monthly limit.</param>
/// <param name="SchemeCents">The scheme's counted payouts for the month.</param>
/// <param name="OutsideCents">Allowances declared from other organisations for the month.</param>
/// <param name="CountedCents">SchemeCents + OutsideCents, as the headroom endpoint shows it.</param>
/// <param name="HeadroomCents">What may still count for the month (never more than the year leaves), as the headroom endpoint shows it.</param>
/// <param name="ExpenseCents">Reimbursed actual costs for the month, apart: not counted.</param>
/// <param name="OverLimit">CountedCents is more than LimitCents.</param>
public sealed record StatementMonth(
    YearMonth Period,
    long LimitCents,
    long SchemeCents,
    long OutsideCents,
    long CountedCents,
    long HeadroomCents,
    long ExpenseCents,
    bool OverLimit);
