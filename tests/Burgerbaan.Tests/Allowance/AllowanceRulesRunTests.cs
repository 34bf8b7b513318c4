using Burgerbaan.Api.Allowance;
using static Burgerbaan.Tests.Allowance.RuleRows;

namespace Burgerbaan.Tests.Allowance;

// The monthly payout run (issue: hours and payout runs): per volunteer, the sum over the entries of minutes x
// min(agreed rate, legal hourly maximum for the age that day) / 60, rounded down once, then trimmed to the
// month's and the year's headroom; the trim names the tighter limit. 2025: 560 from 21, 330 under 21.
public class AllowanceRulesRunTests
{
    [Theory]
    //          row                                                       agreed  hours (date/minutes)                   year  month  gross  paid  trimmedBy
    [InlineData("agreed rate below the legal maximum",                      500, "2025-03-25/600",                          0,     0,  5000,  5000, null)]
    [InlineData("agreed rate above the legal maximum: the legal rate",      600, "2025-03-25/600",                          0,     0,  5600,  5600, null)]
    [InlineData("the 21st birthday inside the month (born 2004-03-20)",     500, "2025-03-19/600, 2025-03-20/600",          0,     0,  8300,  8300, null)]
    [InlineData("rounded down once: 1 minute at 330 and 1 at 500",          500, "2025-03-19/1, 2025-03-20/1",              0,     0,    13,    13, null)]
    [InlineData("trimmed to the month's room",                              500, "2025-03-25/1200",                         0, 15000, 10000,  6000, "monthly_cap_exceeded")]
    [InlineData("trimmed to the year's room when that is tighter",          500, "2025-03-25/1200",                    205000,     0, 10000,  5000, "allowance_cap_exceeded")]
    [InlineData("month and year equally tight: the month is named",         500, "2025-03-25/1200",                    204000, 15000, 10000,  6000, "monthly_cap_exceeded")]
    [InlineData("no room at all: nothing paid",                             500, "2025-03-25/600",                          0, 21000,  5000,     0, "monthly_cap_exceeded")]
    public void A_run_pays_the_agreed_rate_capped_by_the_legal_rate_and_trimmed_to_the_headroom(
        string row, long agreedRate, string hours, long countedYear, long countedMonth, long gross, long paid, string? trimmedBy)
    {
        var situation = Given("2025-03", countedYear, countedMonth) with { DateOfBirth = D("2004-03-20") };
        var worked = Worked(hours).Select(h => (h, agreedRate));

        var amount = AllowanceRules.RunAmount(Limits2025, situation, worked);

        Assert.Equal((row, new RunAmount(gross, paid, trimmedBy)), (row, amount));
    }
}
