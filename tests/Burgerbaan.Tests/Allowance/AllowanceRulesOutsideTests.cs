using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using NodaTime;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// Allowances declared from other organisations (issue 10): they are part of what counts; once they take a month past its limit or
// the year past its cap, no counted payout of that month (or year) is accepted, whatever its size; expenses still are.
public class AllowanceRulesOutsideTests
{
    private static Situation With(long countedYear, long countedMonth, long outsideYear, long outsideMonth, long? budget = null) =>
        new(BornIn1990, Limits2025, [WholeYear(2025, budget)], countedYear, countedMonth, outsideYear, outsideMonth);

    private static Proposal Pay(long amount, PayoutKind kind = PayoutKind.Allowance) => new(kind, amount, M("2025-03"), []);

    [Theory]
    // counted year, counted month, outside year, outside month, budget, amount -> code
    [InlineData(21000, 21000, 6000, 6000, null, 1, "monthly_cap_exceeded")]     // at the limit, not past it: the ordinary refusal
    [InlineData(21001, 21001, 6001, 6001, null, 1, "outside_allowance_over_limit")]
    [InlineData(25000, 25000, 25000, 25000, null, 1, "outside_allowance_over_limit")]
    [InlineData(15000, 15000, 6000, 6000, null, 6000, null)]                    // the room the declaration left
    [InlineData(15000, 15000, 6000, 6000, null, 6001, "monthly_cap_exceeded")]
    [InlineData(35000, 5000, 15000, 0, 30000L, 1, "outside_allowance_over_limit")] // the year past an agreement's budget closes every month
    [InlineData(30000, 5000, 15000, 0, 30000L, 1, "allowance_cap_exceeded")]
    public void Declared_allowances_count_and_an_excess_they_cause_closes_the_month_or_year(long countedYear, long countedMonth, long outsideYear,
        long outsideMonth, long? budget, long amount, string? code) =>
        Assert.Equal(code, AllowanceRules.Evaluate(Pay(amount), With(countedYear, countedMonth, outsideYear, outsideMonth, budget)).Code);

    [Fact]
    public void The_refusal_names_the_month_the_limit_and_no_room()
    {
        var verdict = AllowanceRules.Evaluate(Pay(100), With(25000, 25000, 10000, 10000));

        Assert.Equal(new Verdict(AllowanceRules.OutsideOverLimit,
            "Allowances declared from other organisations take 2025-03 past the monthly limit of 21000 cents (25000 cents count); " +
            "the scheme pays nothing more that counts for that month.", 21000, 0), verdict);
    }

    [Fact]
    public void An_expense_is_still_paid_in_a_month_past_its_limit() =>
        Assert.True(AllowanceRules.Evaluate(new Proposal(PayoutKind.Expense, 1250, M("2025-03"), []), With(25000, 25000, 10000, 10000)).Accepted);

    [Fact]
    public void An_excess_without_declarations_is_not_blamed_on_them() =>
        Assert.Null(AllowanceRules.OutsideExcess(Limits2025, With(35000, 5000, 0, 0, budget: 30000), new YearMonth(2025, 3)));

    [Fact]
    public void A_month_past_its_limit_without_declarations_in_it_is_not_blamed_on_them() =>
        Assert.Null(AllowanceRules.OutsideExcess(Limits2025, With(25000, 25000, 0, 0), new YearMonth(2025, 3)));

    [Fact]
    public void The_year_refusal_names_the_year_the_cap_and_no_room()
    {
        var verdict = AllowanceRules.Evaluate(Pay(1), With(35000, 5000, 15000, 0, budget: 30000));

        Assert.Equal(new Verdict(AllowanceRules.OutsideOverLimit,
            "Allowances declared from other organisations take 2025 past its annual cap of 30000 cents (35000 cents count); " +
            "the scheme pays nothing more that counts for that year.", 30000, 0), verdict);
    }

    [Theory]
    [InlineData(21000, 210000, 210000, false)]
    [InlineData(21001, 21001, 210000, true)]
    [InlineData(5000, 30001, 30000, true)]
    [InlineData(5000, 30000, 30000, false)]
    public void A_declaration_is_over_a_limit_when_its_month_or_year_counts_more_than_allowed(long month, long year, long cap, bool over) =>
        Assert.Equal(over, AllowanceRules.OverLimit(Limits2025, cap, month, year));
}
