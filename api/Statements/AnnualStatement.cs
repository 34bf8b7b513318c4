using System.Globalization;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Api.Statements;

/// <summary>
/// The annual statement from the year's figures (pure: no I/O). Its counted, limit and headroom figures come from
/// <see cref="AllowanceEndpoints.Build"/>, the headroom endpoint's own computation, so the two cannot disagree.
/// </summary>
internal static class AnnualStatement
{
    /// <summary>Where the figures come from, as the limits module and migration 0002 record it.</summary>
    public static string Source(int year, bool statutory, Instant updatedAt) => statutory
        ? $"Belastingdienst, \"Vrijwilligersvergoedingen\" and \"Vergoeding voor inzet en voor kosten\": the published figures for {year}, fixed in this service."
        : $"Belastingdienst, \"Vrijwilligersvergoedingen\": the figures for {year} as an admin entered them in this service " +
          $"(last on {updatedAt.InUtc().Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}).";

    public sealed record Inputs(
        long VolunteerId,
        string FirstName,
        string LastName,
        LocalDate DateOfBirth,
        int Year,
        LimitsSql.LimitsRow Limits,
        IReadOnlyList<AgreementTerms> Agreements,
        IReadOnlyList<OutsideTotals.MonthFigures> Totals,
        IReadOnlyDictionary<string, long> Expenses,
        IReadOnlyList<OutsideAllowanceResponse> OutsideAllowances,
        Instant GeneratedAt);

    public static AnnualStatementResponse Build(Inputs x)
    {
        // Trimmed: SQL Server pads the union's "year" to the width of the CHAR(7) period.
        var yearRow = x.Totals.FirstOrDefault(t => t.Period.Trim() == "year");
        var months = x.Totals.Where(t => t.Period.Trim() != "year").ToDictionary(t => t.Period.Trim(), StringComparer.Ordinal);
        var limits = x.Limits.ToLimits();
        var room = AllowanceEndpoints.Build(x.VolunteerId, x.Year, limits, x.Agreements, (yearRow?.SchemeCents ?? 0) + (yearRow?.OutsideCents ?? 0),
            months.ToDictionary(m => m.Key, m => m.Value.SchemeCents + m.Value.OutsideCents, StringComparer.Ordinal));
        var perMonth = room.Months.Select(m =>
        {
            var figures = months.GetValueOrDefault(AllowanceRules.Iso(m.Period));
            return new StatementMonth(m.Period, m.LimitCents, figures?.SchemeCents ?? 0, figures?.OutsideCents ?? 0, m.CountedCents, m.HeadroomCents,
                x.Expenses.GetValueOrDefault(AllowanceRules.Iso(m.Period)), m.CountedCents > m.LimitCents);
        }).ToList();
        var held = perMonth.All(m => !m.OverLimit) && room.CountedCents <= limits.AnnualCents;
        return new AnnualStatementResponse(
            x.VolunteerId, x.FirstName, x.LastName, x.DateOfBirth, x.Year,
            new StatementLimits(limits.AnnualCents, limits.MonthlyCents, limits.HourlyCents, limits.HourlyUnder21Cents, x.Limits.Statutory,
                Source(x.Year, x.Limits.Statutory, x.Limits.UpdatedAt)),
            room.EffectiveAnnualCapCents, yearRow?.SchemeCents ?? 0, yearRow?.OutsideCents ?? 0, room.CountedCents, room.HeadroomCents,
            perMonth.Sum(m => m.ExpenseCents), held, Conclusion(x.Year, limits, room.CountedCents, perMonth, held),
            perMonth, x.OutsideAllowances, x.GeneratedAt);
    }

    /// <summary>Whether every legal limit held, in one plain sentence a benefit agency can read without the table.</summary>
    internal static string Conclusion(int year, Limits limits, long counted, IReadOnlyList<StatementMonth> months, bool held)
    {
        if (held)
        {
            return $"In {year} every limit held: no month counted more than the monthly limit of {Euro(limits.MonthlyCents)}, and the year's " +
                $"total of {Euro(counted)} stayed within the annual limit of {Euro(limits.AnnualCents)}.";
        }
        var over = months.Where(m => m.OverLimit)
            .Select(m => $"{AllowanceRules.Iso(m.Period)} counted {Euro(m.CountedCents)} against the monthly limit of {Euro(m.LimitCents)}").ToList();
        if (counted > limits.AnnualCents)
        {
            over.Add($"the year's total of {Euro(counted)} is more than the annual limit of {Euro(limits.AnnualCents)}");
        }
        return $"In {year} not every limit held: {string.Join("; ", over)}. The scheme's own payouts stayed within every limit; " +
            "the excess comes from allowances declared from other organisations.";
    }

    /// <summary>Cents as "EUR 2,100.00" (invariant: the same text on every server).</summary>
    public static string Euro(long cents) => "EUR " + (cents / 100m).ToString("#,##0.00", CultureInfo.InvariantCulture);
}
