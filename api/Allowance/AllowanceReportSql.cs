using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary>
/// Reads of the running totals for many volunteers at once (issue 10), each a walk along the volunteer id: the yearly totals export and
/// the near-limit list. The figures are those the headroom endpoint reads for one volunteer: the year's running total, the month's, and
/// the lowest annual budget of an agreement touching the year (with the legal limit, the effective cap).
/// </summary>
internal static class AllowanceReportSql
{
    internal sealed class YearRow
    {
        public long VolunteerId { get; init; }
        public required string FirstName { get; init; }
        public required string LastName { get; init; }
        public bool Active { get; init; }
        public long CountedYearCents { get; init; }
        public long CountedMonthCents { get; init; }
        public long? LowestBudgetCents { get; init; }

        /// <summary>The year's headroom by the rules: the lowest budget stands for every agreement of the year (the cap is their minimum).</summary>
        public YearHeadroom Year(Limits limits, int year) => AllowanceRules.Year(limits,
            LowestBudgetCents is { } budget ? [new AgreementTerms(new LocalDate(year, 1, 1), new LocalDate(year, 12, 31), null, budget)] : [],
            CountedYearCents);
    }

    private const string LowestBudget =
        "(SELECT MIN(a.annual_budget_cents) FROM agreements a WHERE a.volunteer_id = v.id AND a.start_date <= @last AND a.end_date >= @first)";

    /// <summary>
    /// Volunteers with an agreement touching the year or a running total for it (a deactivated volunteer's paid year still counts), in id
    /// order from <c>@after</c>; <paramref name="take"/> appends the page size.
    /// </summary>
    public static string Yearly(string? take) =>
        "SELECT v.id AS VolunteerId, v.first_name AS FirstName, v.last_name AS LastName, v.active AS Active, " +
        $"COALESCE(t.counted_cents + t.outside_cents, 0) AS CountedYearCents, {LowestBudget} AS LowestBudgetCents " +
        "FROM volunteers v LEFT JOIN allowance_year_totals t ON t.volunteer_id = v.id AND t.year = @year " +
        "WHERE v.id > @after AND (t.volunteer_id IS NOT NULL OR EXISTS (SELECT 1 FROM agreements a WHERE a.volunteer_id = v.id " +
        $"AND a.start_date <= @last AND a.end_date >= @first)) ORDER BY v.id {take}";

    // Counted, as on the headroom endpoint: the scheme's payouts (counted_cents) and allowances declared from other
    // organisations (outside_cents, migration 0017) together.

    /// <summary>
    /// Volunteers with something counted in the year, in id order from <c>@after</c>, with the month's total for <c>@month</c> (null: none).
    /// Nothing counted leaves the whole cap, which no threshold of at most 100% reaches, so the others cannot be near a limit.
    /// </summary>
    public const string Counted =
        "SELECT v.id AS VolunteerId, v.first_name AS FirstName, v.last_name AS LastName, v.active AS Active, t.counted_cents + t.outside_cents AS CountedYearCents, " +
        "COALESCE((SELECT m.counted_cents + m.outside_cents FROM allowance_month_totals m WHERE m.volunteer_id = t.volunteer_id AND m.period = @month), 0) AS CountedMonthCents, " +
        $"{LowestBudget} AS LowestBudgetCents " +
        "FROM allowance_year_totals t JOIN volunteers v ON v.id = t.volunteer_id " +
        "WHERE t.year = @year AND t.counted_cents + t.outside_cents > 0 AND t.volunteer_id > @after ORDER BY t.volunteer_id";
}
