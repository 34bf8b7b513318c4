using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// DESIGN.md section 2, which agreement and which year's limits a payout is judged by: every payout covers
// one calendar month, an agreement must overlap that month, each calendar year has its own limits and
// its own totals, and a year without limits refuses counted kinds (expense is judged without them).
// The receipt an expense needs is checked at the HTTP layer (400 validation_failed), not here.
public class AllowanceRulesPeriodTests
{
    private const string NoAgreement = AllowanceRules.NoActiveAgreement;

    [Theory]
    [InlineData("an agreement ending on the 15th still covers that month", "2025-01-01", "2025-03-15", null)]
    [InlineData("an agreement ending on the first day covers that month", "2025-01-01", "2025-03-01", null)]
    [InlineData("an agreement ending on the last day of the previous month does not", "2025-01-01", "2025-02-28", NoAgreement)]
    [InlineData("an agreement starting on the last day of the month covers it", "2025-03-31", "2026-03-30", null)]
    [InlineData("an agreement starting on the first day of the next month does not", "2025-04-01", "2026-03-31", NoAgreement)]
    [InlineData("an agreement inside the month covers it", "2025-03-10", "2025-03-20", null)]
    public void An_agreement_covers_a_period_when_it_overlaps_any_day_of_that_month(string row, string start, string end, string? code)
    {
        var verdict = AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 1000, "2025-03"), Given("2025-03", Limits2025, [Agreement(start, end)]));

        Expect(row, verdict, code);
        if (code is not null)
        {
            Assert.Equal("No allowance agreement of this volunteer covers 2025-03.", verdict.Detail);
        }
    }

    [Theory]
    [InlineData("February of a leap year ends on the 29th", "2024-02", "2024-02-29", "2024-12-31", null)]
    [InlineData("February of a common year ends on the 28th", "2025-02", "2025-02-28", "2025-12-31", null)]
    [InlineData("an agreement starting 1 March does not cover February", "2025-02", "2025-03-01", "2025-12-31", NoAgreement)]
    [InlineData("December ends on the 31st", "2025-12", "2025-12-31", "2026-12-30", null)]
    [InlineData("an agreement ending 30 November does not cover December", "2025-12", "2025-01-01", "2025-11-30", NoAgreement)]
    public void The_last_day_of_the_period_follows_the_calendar(string row, string period, string start, string end, string? code) =>
        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Gift, 1000, period), Given(period, SeededLimits(M(period).Year), [Agreement(start, end)])), code);

    [Theory]
    [InlineData(PayoutKind.Allowance)]
    [InlineData(PayoutKind.Travel)]
    [InlineData(PayoutKind.Gift)]
    [InlineData(PayoutKind.Expense)]
    public void Without_an_agreement_covering_the_period_every_kind_is_refused_even_in_a_year_without_limits(PayoutKind kind)
    {
        var verdict = AllowanceRules.Evaluate(Pay(kind, 1000, "2026-03"), Given("2026-03", null, [Agreement("2026-04-01", "2027-03-31")]));

        Expect(kind.ToString(), verdict, NoAgreement);
    }

    [Theory]
    [InlineData(PayoutKind.Allowance)]
    [InlineData(PayoutKind.Travel)]
    [InlineData(PayoutKind.Gift)]
    public void A_counted_kind_in_a_year_without_limits_is_refused_with_allowance_limits_missing(PayoutKind kind)
    {
        var verdict = AllowanceRules.Evaluate(Pay(kind, 1000, "2026-03"), Given("2026-03", null, [WholeYear(2026)]));

        Expect(kind.ToString(), verdict, AllowanceRules.LimitsMissing);
        Assert.Equal("No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.", verdict.Detail);
    }

    // The code returns before looking at limits for a kind that does not count, so an expense needs no
    // limits for its year; it still needs an agreement covering the period (see the theory above).
    [Theory]
    [InlineData("a year without limits", "2026-03", 0, 0)]
    [InlineData("a full month and a full year, far above every limit", "2025-03", 210000, 21000)]
    public void An_expense_is_accepted_outside_the_limits(string row, string period, long countedYear, long countedMonth)
    {
        var situation = Given(period, SeededLimits(M(period).Year), [WholeYear(M(period).Year)]) with
        {
            CountedYearCents = countedYear,
            CountedMonthCents = countedMonth,
        };

        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Expense, 1_000_000, period), situation), null);
    }

    // One agreement spans the turn of the year; the history has a full 2025 and a full December.
    private static readonly AgreementTerms AcrossNewYear = Agreement("2025-06-01", "2026-05-31");

    private static readonly Earlier[] Full2025 =
        [.. Enumerable.Range(3, 10).Select(m => new Earlier($"2025-{m:D2}", PayoutKind.Allowance, PayoutStatus.Paid, 21000))];

    [Fact]
    public void A_full_december_and_a_full_year_refuse_one_more_cent_in_december()
    {
        var verdict = AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 1, "2025-12"), Given("2025-12", Limits2025, [AcrossNewYear], Full2025));

        Expect("2025-12 after 210000 in 2025", verdict, AllowanceRules.MonthlyCapExceeded, 21000, 0);
    }

    [Fact]
    public void December_totals_do_not_reduce_the_room_of_january_next_year()
    {
        var situation = Given("2026-01", Limits2026ForTests, [AcrossNewYear], Full2025);

        Assert.Equal((0L, 0L), (situation.CountedYearCents, situation.CountedMonthCents));
        Expect("2026-01: the whole 2026 monthly limit", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 24000, "2026-01"), situation), null);
        Expect("2026-01: one cent over it", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 24001, "2026-01"), situation),
            AllowanceRules.MonthlyCapExceeded, 24000, 24000);
    }

    [Theory]
    [InlineData("2025-12 is judged by the 2025 monthly limit", "2025-12", 2025, 21001, AllowanceRules.MonthlyCapExceeded, 21000L, 21000L)]
    [InlineData("2025-12 at exactly the 2025 monthly limit", "2025-12", 2025, 21000, null, null, null)]
    [InlineData("2026-01 is judged by the 2026 monthly limit", "2026-01", 2026, 24000, null, null, null)]
    [InlineData("2026-01 without 2026 limits", "2026-01", null, 1000, AllowanceRules.LimitsMissing, null, null)]
    [InlineData("2026-01 handed the 2025 limits: they are not 2026's", "2026-01", 2025, 1000, AllowanceRules.LimitsMissing, null, null)]
    public void Each_payout_is_judged_by_the_limits_of_its_periods_year(
        string row, string period, int? limitsYear, long amount, string? code, long? limit, long? headroom)
    {
        Limits? limits = limitsYear switch { 2025 => Limits2025, 2026 => Limits2026ForTests, _ => null };

        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, period), Given(period, limits, [AcrossNewYear])), code, limit, headroom);
    }
}
