using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// What a refusal tells the person who made the payout (the problem's detail), and the agreement rule with more than
// one agreement in the year. Each test here was written for a mutant of AllowanceRules that the tables let live
// (tests/mutation/README.md): a detail emptied, and Any() read as All().
public class AllowanceRulesDetailTests
{
    [Fact]
    public void A_monthly_refusal_names_the_amount_the_limit_the_month_and_what_can_still_be_paid()
    {
        var verdict = AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 7000, "2025-03"), Given("2025-03", 15000, 15000));

        Assert.Equal("7000 cents would exceed the monthly limit of 21000 cents for 2025-03; 6000 cents can still be paid for it.", verdict.Detail);
    }

    [Fact]
    public void An_annual_refusal_names_the_amount_the_effective_cap_the_year_and_what_is_left()
    {
        var verdict = AllowanceRules.Evaluate(Pay(PayoutKind.Gift, 5000, "2025-11"), Given("2025-11", 150000, 0, annualBudgetCents: 154000));

        Assert.Equal("5000 cents would exceed the annual cap of 154000 cents for 2025; 4000 cents left.", verdict.Detail);
    }

    [Fact]
    public void One_agreement_covering_the_month_is_enough_when_another_in_the_year_does_not()
    {
        var situation = Given("2025-09", Limits2025, [Agreement("2025-01-01", "2025-03-31"), Agreement("2025-09-01", "2025-12-31")], []);

        Expect("the autumn agreement covers September", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 1000, "2025-09"), situation), null);
        Expect("neither covers June", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 1000, "2025-06"),
            Given("2025-06", Limits2025, [Agreement("2025-01-01", "2025-03-31"), Agreement("2025-09-01", "2025-12-31")], [])), AllowanceRules.NoActiveAgreement);
    }
}
