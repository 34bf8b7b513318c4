using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// DESIGN.md section 2, what counts and how much room there is: counted kinds and holding statuses,
// the effective annual cap, the monthly and the annual limit on both sides of each boundary, and the
// headroom figures of GET /v1/volunteers/{id}/allowance/{year}. Figures are the seeded 2025 limits:
// 210000 a year, 21000 a month.
public class AllowanceRulesTests
{
    private const string Monthly = AllowanceRules.MonthlyCapExceeded;
    private const string Annual = AllowanceRules.AnnualCapExceeded;

    [Theory]
    [InlineData(PayoutKind.Allowance, true)]
    [InlineData(PayoutKind.Travel, true)]
    [InlineData(PayoutKind.Gift, true)]
    [InlineData(PayoutKind.Expense, false)]
    public void Allowance_travel_and_gift_count_toward_the_limits_expense_does_not(PayoutKind kind, bool counts) =>
        Assert.Equal(counts, AllowanceRules.Counts(kind));

    [Theory]
    [InlineData(PayoutStatus.Pending, true)]
    [InlineData(PayoutStatus.Approved, true)]
    [InlineData(PayoutStatus.Paid, true)]
    [InlineData(PayoutStatus.Cancelled, false)]
    [InlineData(PayoutStatus.Rejected, false)]
    public void Pending_approved_and_paid_hold_their_amount_cancelled_and_rejected_release_it(PayoutStatus status, bool holds) =>
        Assert.Equal(holds, AllowanceRules.Holds(status));

    [Fact]
    public void The_tables_above_cover_every_kind_and_status()
    {
        Assert.Equal([PayoutKind.Allowance, PayoutKind.Travel, PayoutKind.Gift, PayoutKind.Expense], Enum.GetValues<PayoutKind>());
        Assert.Equal([PayoutStatus.Pending, PayoutStatus.Approved, PayoutStatus.Paid, PayoutStatus.Cancelled, PayoutStatus.Rejected], Enum.GetValues<PayoutStatus>());
    }

    [Fact]
    public void Only_counted_kinds_in_holding_statuses_take_room_in_the_month()
    {
        Earlier[] history =
        [
            new("2025-03", PayoutKind.Allowance, PayoutStatus.Pending, 8000),
            new("2025-03", PayoutKind.Travel, PayoutStatus.Approved, 4000),
            new("2025-03", PayoutKind.Gift, PayoutStatus.Paid, 3000),
            new("2025-03", PayoutKind.Expense, PayoutStatus.Paid, 50000),
            new("2025-03", PayoutKind.Allowance, PayoutStatus.Cancelled, 6000),
            new("2025-03", PayoutKind.Gift, PayoutStatus.Rejected, 6000),
        ];
        var situation = Given("2025-03", Limits2025, [WholeYear(2025)], history);

        Assert.Equal(15000, situation.CountedMonthCents);
        Expect("the 6000 left in the month", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 6000, "2025-03"), situation), null);
        Expect("one cent more", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 6001, "2025-03"), situation), Monthly, 21000, 6000);
    }

    [Theory]
    [InlineData("no agreement in the year: the legal limit", "", 210000)]
    [InlineData("an agreement without a budget: the legal limit", "-", 210000)]
    [InlineData("a lower budget is the cap", "150000", 150000)]
    [InlineData("a budget equal to the legal limit", "210000", 210000)]
    [InlineData("a higher budget: the legal limit wins", "250000", 210000)]
    [InlineData("several agreements in the year: the lowest budget wins (documented behaviour)", "180000, 120000, 250000", 120000)]
    [InlineData("several agreements, one without a budget: the budget still applies", "-, 150000", 150000)]
    public void Effective_annual_cap_is_the_legal_limit_or_a_lower_agreement_budget(string row, string budgets, long cap) =>
        Assert.Equal((row, cap), (row, AllowanceRules.EffectiveAnnualCapCents(Limits2025, AgreementsWithBudgets(2025, budgets))));

    [Theory]
    [InlineData("nothing counted yet: exactly the monthly limit", PayoutKind.Allowance, 21000, 0, 0, null, null, null)]
    [InlineData("nothing counted yet: one cent over the monthly limit", PayoutKind.Allowance, 21001, 0, 0, Monthly, 21000L, 21000L)]
    [InlineData("15000 counted in the month: exactly the rest", PayoutKind.Allowance, 6000, 15000, 15000, null, null, null)]
    [InlineData("15000 counted in the month: one cent over the rest", PayoutKind.Allowance, 6001, 15000, 15000, Monthly, 21000L, 6000L)]
    [InlineData("travel counts toward the month", PayoutKind.Travel, 6001, 15000, 15000, Monthly, 21000L, 6000L)]
    [InlineData("a gift counts toward the month", PayoutKind.Gift, 6001, 15000, 15000, Monthly, 21000L, 6000L)]
    [InlineData("the month is full: one cent is refused", PayoutKind.Gift, 1, 21000, 21000, Monthly, 21000L, 0L)]
    [InlineData("200000 counted in the year, the month empty: exactly the annual rest", PayoutKind.Allowance, 10000, 200000, 0, null, null, null)]
    [InlineData("200000 counted in the year, the month empty: one cent over the annual rest", PayoutKind.Allowance, 10001, 200000, 0, Annual, 210000L, 10000L)]
    [InlineData("the year is full, the month empty: one cent is refused", PayoutKind.Travel, 1, 210000, 0, Annual, 210000L, 0L)]
    public void Monthly_and_annual_limits_accept_up_to_the_limit_and_refuse_one_cent_over(
        string row, PayoutKind kind, long amount, long countedYear, long countedMonth, string? code, long? limit, long? headroom) =>
        Expect(row, AllowanceRules.Evaluate(Pay(kind, amount, "2025-03"), Given("2025-03", countedYear, countedMonth)), code, limit, headroom);

    [Theory]
    [InlineData("140000 counted against a budget of 150000: exactly the rest", 10000, null, null)]
    [InlineData("140000 counted against a budget of 150000: one cent over", 10001, 150000L, 10000L)]
    public void A_lower_agreement_budget_is_the_annual_cap_in_the_refusal(string row, long amount, long? limit, long? headroom) =>
        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, "2025-03"), Given("2025-03", 140000, 0, annualBudgetCents: 150000)),
            limit is null ? null : Annual, limit, headroom);

    // Evaluate checks the month before the year, so when both would refuse the monthly refusal wins; its
    // headroomCents is what may still be paid for the month, which is never more than the year leaves.
    [Theory]
    [InlineData("year room 5000, month empty, 21001 asked: over both", 205000, 0, 21001, Monthly, 21000L, 5000L)]
    [InlineData("year room 1000, month room 3000, 3001 asked: over both", 209000, 18000, 3001, Monthly, 21000L, 1000L)]
    [InlineData("year room 50000, month room 3000, 3001 asked: over the month only", 160000, 18000, 3001, Monthly, 21000L, 3000L)]
    [InlineData("year room 1000, month room 3000, 2000 asked: over the year only", 209000, 18000, 2000, Annual, 210000L, 1000L)]
    public void When_month_and_year_would_both_refuse_the_monthly_limit_is_reported(
        string row, long countedYear, long countedMonth, long amount, string code, long limit, long headroom) =>
        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, "2025-03"), Given("2025-03", countedYear, countedMonth)), code, limit, headroom);

    [Theory]
    [InlineData("nothing counted", "", 0, 210000, 210000)]
    [InlineData("part counted", "", 50000, 210000, 160000)]
    [InlineData("a lower budget", "150000", 50000, 150000, 100000)]
    [InlineData("exactly at the cap", "150000", 150000, 150000, 0)]
    [InlineData("counted above a budget set later: never negative", "150000", 160000, 150000, 0)]
    public void Year_headroom_is_the_effective_cap_minus_what_counts_never_negative(string row, string budgets, long counted, long cap, long headroom) =>
        Assert.Equal((row, new YearHeadroom(210000, cap, counted, headroom)),
            (row, AllowanceRules.Year(Limits2025, AgreementsWithBudgets(2025, budgets), counted)));

    [Theory]
    [InlineData("month empty, year wide open: the monthly limit", 0, 0, 21000)]
    [InlineData("month part counted, year wide open: the month's rest", 5000, 5000, 16000)]
    [InlineData("month part counted, year nearly full: the year's rest", 5000, 207000, 3000)]
    [InlineData("month empty, year full: nothing", 0, 210000, 0)]
    [InlineData("month full, year open: nothing", 21000, 21000, 0)]
    [InlineData("month counted above its limit (limit lowered later): never negative", 23000, 23000, 0)]
    public void Month_headroom_is_the_smaller_of_the_months_rest_and_the_years_rest_never_negative(
        string row, long countedMonth, long countedYear, long headroom)
    {
        var year = AllowanceRules.Year(Limits2025, [WholeYear(2025)], countedYear);

        Assert.Equal((row, new MonthHeadroom(M("2025-03"), 21000, countedMonth, headroom)),
            (row, AllowanceRules.Month(Limits2025, M("2025-03"), countedMonth, year)));
    }
}
