using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Tests.Allowance;

/// <summary>
/// Small builders that let the rule tables read like DESIGN.md section 2: dates and months as ISO strings,
/// the seeded legal limits, agreements, and a counted history summed the way the running totals are kept
/// (per volunteer and calendar year, per volunteer and period; counted kinds in holding statuses only).
/// </summary>
internal static class RuleRows
{
    public static readonly Limits Limits2023 = new(2023, 190000, 19000, 500, 275);
    public static readonly Limits Limits2024 = new(2024, 210000, 21000, 550, 325);
    public static readonly Limits Limits2025 = new(2025, 210000, 21000, 560, 330);

    /// <summary>Made-up 2026 figures, different from 2025 on purpose so a test can tell which year's limits were used.</summary>
    public static readonly Limits Limits2026ForTests = new(2026, 240000, 24000, 600, 350);

    public static readonly LocalDate BornIn1990 = new(1990, 6, 1);

    public static LocalDate D(string iso) => LocalDatePattern.Iso.Parse(iso).GetValueOrThrow();

    public static YearMonth M(string iso) => YearMonthPattern.Iso.Parse(iso).GetValueOrThrow();

    public static Limits? SeededLimits(int year) => year switch
    {
        2023 => Limits2023,
        2024 => Limits2024,
        2025 => Limits2025,
        _ => null,
    };

    public static AgreementTerms Agreement(string start, string end, long? annualBudgetCents = null) =>
        new(D(start), D(end), null, annualBudgetCents);

    public static AgreementTerms WholeYear(int year, long? annualBudgetCents = null) =>
        new(new LocalDate(year, 1, 1), new LocalDate(year, 12, 31), null, annualBudgetCents);

    /// <summary>Agreements from a compact spec: "" none, otherwise comma-separated budgets, "-" for an agreement without one.</summary>
    public static IReadOnlyList<AgreementTerms> AgreementsWithBudgets(int year, string budgets) =>
        budgets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(b => WholeYear(year, b == "-" ? null : long.Parse(b, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>Worked minutes from a compact spec: "2025-03-19/60, 2025-03-20/90".</summary>
    public static IReadOnlyList<WorkedMinutes> Worked(string spec) =>
        spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split('/'))
            .Select(parts => new WorkedMinutes(D(parts[0]), int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    public static Proposal Pay(PayoutKind kind, long amountCents, string period, string hours = "") =>
        new(kind, amountCents, M(period), Worked(hours));

    /// <summary>A payout already on record.</summary>
    public sealed record Earlier(string Period, PayoutKind Kind, PayoutStatus Status, long AmountCents);

    /// <summary>The situation for a payout in <paramref name="period"/>, with the totals summed from the history.</summary>
    public static Situation Given(string period, Limits? limits, IReadOnlyList<AgreementTerms> agreements,
        IEnumerable<Earlier>? history = null, LocalDate? dateOfBirth = null)
    {
        var month = M(period);
        var counted = (history ?? []).Where(p => AllowanceRules.Counts(p.Kind) && AllowanceRules.Holds(p.Status)).ToList();
        return new Situation(
            dateOfBirth ?? BornIn1990,
            limits,
            agreements,
            counted.Where(p => M(p.Period).Year == month.Year).Sum(p => p.AmountCents),
            counted.Where(p => M(p.Period) == month).Sum(p => p.AmountCents));
    }

    /// <summary>Counted totals given directly: what the year and the month already hold.</summary>
    public static Situation Given(string period, long countedYearCents, long countedMonthCents, long? annualBudgetCents = null) =>
        new(BornIn1990, SeededLimits(M(period).Year), [WholeYear(M(period).Year, annualBudgetCents)], countedYearCents, countedMonthCents);

    /// <summary>Asserts the verdict with the row's name in the failure message (null code = accepted).</summary>
    public static void Expect(string row, Verdict verdict, string? code, long? limitCents = null, long? headroomCents = null) =>
        Assert.Equal((row, code, limitCents, headroomCents, code is null), (row, verdict.Code, verdict.LimitCents, verdict.HeadroomCents, verdict.Accepted));
}
