using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// DESIGN.md section 2, the hourly limit: the amount paid for hours may not exceed the sum over the hours of
// the legal hourly maximum for the volunteer's age on the date the hours were worked (NodaTime
// Period.Between in years; the 21st birthday counts as 21). 2025 figures: 560 from 21, 330 under 21.
public class AllowanceRulesHourlyTests
{
    private const string BornOn20March2004 = "2004-03-20";
    private const string BornOn29February2004 = "2004-02-29";

    [Theory]
    [InlineData("the day before the 21st birthday", "2004-03-20", "2025-03-19", 20)]
    [InlineData("the 21st birthday counts as 21", "2004-03-20", "2025-03-20", 21)]
    [InlineData("the day after the 21st birthday", "2004-03-20", "2025-03-21", 21)]
    [InlineData("the day before the 22nd birthday", "2004-03-20", "2026-03-19", 21)]
    [InlineData("born on the 31st of December, 1 January is not a birthday", "2003-12-31", "2025-01-01", 21)]
    [InlineData("born on the 1st of January, 31 December is the day before", "2004-01-01", "2024-12-31", 20)]
    // NodaTime adds 21 years to 2004-02-29 and lands on 2025-02-28 (the last day of February when the
    // year has no 29th), so in a common year a leap-day child turns 21 on 28 February, not 1 March.
    [InlineData("leap-day child, 27 February of a common year", "2004-02-29", "2025-02-27", 20)]
    [InlineData("leap-day child, 28 February of a common year: 21 by NodaTime", "2004-02-29", "2025-02-28", 21)]
    [InlineData("leap-day child, 1 March of a common year", "2004-02-29", "2025-03-01", 21)]
    [InlineData("leap-day child, 28 February of a leap year is the day before", "2004-02-29", "2024-02-28", 19)]
    [InlineData("leap-day child, 29 February of a leap year", "2004-02-29", "2024-02-29", 20)]
    public void Age_on_a_date_is_whole_years_by_NodaTime_period_between(string row, string born, string on, int age) =>
        Assert.Equal((row, age), (row, AllowanceRules.AgeOn(D(born), D(on))));

    [Theory]
    [InlineData("under 21 on the day worked", "2004-03-20", "2025-03-19", 330)]
    [InlineData("21 on the day worked (the birthday)", "2004-03-20", "2025-03-20", 560)]
    [InlineData("leap-day child on 28 February 2025", "2004-02-29", "2025-02-28", 560)]
    [InlineData("leap-day child on 27 February 2025", "2004-02-29", "2025-02-27", 330)]
    public void Hourly_maximum_follows_the_age_on_the_date_worked(string row, string born, string workedOn, long cents) =>
        Assert.Equal((row, cents), (row, AllowanceRules.HourlyMaximumCents(Limits2025, D(born), D(workedOn))));

    [Theory]
    [InlineData("no hours", "", 0)]
    [InlineData("90 minutes at 560", "2025-03-20/90", 840)]
    [InlineData("1 minute at 330 is 5.5 cents, rounded down", "2025-03-19/1", 5)]
    [InlineData("59 minutes at 560 is 550.67 cents, rounded down", "2025-03-20/59", 550)]
    [InlineData("two single minutes at 330: divided once (660/60 = 11), not rounded per entry (5 + 5)", "2025-03-18/1, 2025-03-19/1", 11)]
    [InlineData("1 minute at 330 and 1 minute at 560: 890/60 rounded down", "2025-03-19/1, 2025-03-20/1", 14)]
    [InlineData("an hour either side of the birthday within one month", "2025-03-19/60, 2025-03-20/60", 890)]
    [InlineData("a full month of hours, both rates", "2025-03-01/2400, 2025-03-25/600", 18800)]
    public void Maximum_for_hours_sums_minutes_times_rate_and_divides_by_60_once_rounding_down(string row, string hours, long maximum) =>
        Assert.Equal((row, maximum), (row, AllowanceRules.MaximumForHoursCents(Limits2025, D(BornOn20March2004), Worked(hours))));

    // Born 2004-03-20: two hours on the 19th at 330 and two hours on the 20th at 560 = 660 + 1120 = 1780.
    [Theory]
    [InlineData("exactly the maximum for the hours", 1780, null)]
    [InlineData("one cent above the maximum", 1781, AllowanceRules.HourlyRateExceeded)]
    [InlineData("what four hours at the 21+ rate would allow (2240): the 19th is paid at the under-21 rate", 2240, AllowanceRules.HourlyRateExceeded)]
    public void Hours_either_side_of_the_21st_birthday_in_one_month_are_paid_at_each_days_rate(string row, long amount, string? code)
    {
        var situation = Given("2025-03", Limits2025, [WholeYear(2025)], dateOfBirth: D(BornOn20March2004));

        var verdict = AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, "2025-03", "2025-03-19/120, 2025-03-20/120"), situation);

        Expect(row, verdict, code, code is null ? null : 1780, code is null ? null : 1780);
        if (code is not null)
        {
            Assert.Equal($"{amount} cents for these hours is more than the legal hourly maximum allows (1780 cents).", verdict.Detail);
        }
    }

    [Theory]
    [InlineData("28 February 2025 is at the 21+ rate: an hour at 560 is accepted", "2025-02-28/60", 560, null)]
    [InlineData("27 February 2025 is at the under-21 rate: an hour at 560 is refused", "2025-02-27/60", 560, AllowanceRules.HourlyRateExceeded)]
    public void A_leap_day_child_is_paid_the_21_plus_rate_from_28_february_of_the_common_year(string row, string hours, long amount, string? code)
    {
        var situation = Given("2025-02", Limits2025, [WholeYear(2025)], dateOfBirth: D(BornOn29February2004));

        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, "2025-02", hours), situation), code,
            code is null ? null : 330, code is null ? null : 330);
    }

    // The order in Evaluate: agreement, limits, hours, then month and year. 10 hours at 560 allow 5600;
    // 50 hours allow 28000, more than the monthly limit of 21000.
    [Theory]
    [InlineData("over the hourly maximum and over the month: the hourly limit is reported", "2025-03-10/600", 0, 25000, AllowanceRules.HourlyRateExceeded, 5600L, 5600L)]
    [InlineData("within the hourly maximum but over the month's rest: the monthly limit", "2025-03-10/3000", 15000, 6001, AllowanceRules.MonthlyCapExceeded, 21000L, 6000L)]
    [InlineData("within the hourly maximum and the month's rest", "2025-03-10/3000", 15000, 6000, null, null, null)]
    public void The_hourly_limit_is_judged_before_the_month_and_the_year(
        string row, string hours, long countedMonth, long amount, string? code, long? limit, long? headroom)
    {
        var situation = Given("2025-03", Limits2025, [WholeYear(2025)]) with { CountedYearCents = countedMonth, CountedMonthCents = countedMonth };

        Expect(row, AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, amount, "2025-03", hours), situation), code, limit, headroom);
    }

    [Fact]
    public void Hours_in_a_year_without_limits_are_refused_for_the_missing_limits_not_the_rate()
    {
        var situation = Given("2026-03", null, [WholeYear(2026)]);

        Expect("2026 has no limits", AllowanceRules.Evaluate(Pay(PayoutKind.Allowance, 100_000, "2026-03", "2026-03-10/60"), situation), AllowanceRules.LimitsMissing);
    }
}
