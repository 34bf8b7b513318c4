using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// GET /v1/me/allowance/{year}: the headroom endpoint's figures for the key's own volunteer, plus a warning when less than
/// 10% of the year's effective cap, or of the current month's limit, is left. The clock says 14 March 2025 (2025: EUR 2,100 a
/// year, EUR 210 a month).
/// </summary>
public sealed class MeAllowanceTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task<(VolunteerKey Key, MyAllowanceResponse Mine, AllowanceHeadroomResponse Registry)> Read(Enrolled enrolled, int year = 2025)
    {
        var key = await api.VolunteerKey(enrolled.VolunteerId);
        var mine = await (await key.Client.GetAsync($"/v1/me/allowance/{year}")).Read<MyAllowanceResponse>();
        return (key, mine, await api.Admin().Headroom(enrolled.VolunteerId, year));
    }

    private static void SameFigures(AllowanceHeadroomResponse registry, MyAllowanceResponse mine)
    {
        Assert.Equal(registry with { Months = [] }, new AllowanceHeadroomResponse(mine.VolunteerId, mine.Year, mine.LegalAnnualLimitCents,
            mine.EffectiveAnnualCapCents, mine.CountedCents, mine.HeadroomCents, []));
        Assert.Equal(registry.Months, mine.Months);
    }

    [Fact]
    public async Task Far_from_every_limit_the_figures_are_the_headroom_endpoints_and_there_is_no_warning()
    {
        var enrolled = await api.Enrol();
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 18_900, 2, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 18_900, 3, PayoutKind.Travel));

        var (_, mine, registry) = await Read(enrolled);

        SameFigures(registry, mine);
        Assert.Equal(37_800, mine.CountedCents);
        // March has 2,100 of 21,000 left: exactly 10%, which is not less than 10%.
        Assert.Equal(2_100, mine.Months[2].HeadroomCents);
        Assert.Empty(mine.Warnings);
    }

    [Fact]
    public async Task Less_than_a_tenth_of_this_month_left_warns_near_monthly_limit_for_the_current_month_only()
    {
        var enrolled = await api.Enrol();
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 19_000, 3, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 2, PayoutKind.Travel));

        var (_, mine, registry) = await Read(enrolled);

        SameFigures(registry, mine);
        // February is full too, but it is not the current month.
        Assert.Equal([new AllowanceWarning("near_monthly_limit", new YearMonth(2025, 3), 21_000, 2_000,
            "Less than 10% of the limit for 2025-03 is left: 2000 of 21000 cents.")], mine.Warnings);
    }

    [Fact]
    public async Task Less_than_a_tenth_of_the_effective_annual_cap_left_warns_near_annual_limit()
    {
        // A budget of EUR 500 lowers the cap; EUR 460 counted leaves 4,000 of 50,000 cents (8%). March's room is the year's 4,000,
        // which is 19% of the month's 21,000: the year warns, the month does not.
        var enrolled = await api.Enrol(budget: 50_000);
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 1, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 2, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 4_000, 4, PayoutKind.Travel));

        var (_, mine, registry) = await Read(enrolled);

        SameFigures(registry, mine);
        Assert.Equal(4_000, mine.Months[2].HeadroomCents);
        Assert.Equal([new AllowanceWarning("near_annual_limit", null, 50_000, 4_000, "Less than 10% of the 2025 cap is left: 4000 of 50000 cents.")],
            mine.Warnings);
    }

    [Fact]
    public async Task Near_both_limits_warns_for_the_year_and_the_month()
    {
        // 48,500 of a 50,000 budget counted: 1,500 left in the year, and so in March (7% of its 21,000).
        var enrolled = await api.Enrol(budget: 50_000);
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 1, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 2, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 6_500, 3, PayoutKind.Travel));

        var (_, mine, registry) = await Read(enrolled);

        SameFigures(registry, mine);
        Assert.Equal(
        [
            new AllowanceWarning("near_annual_limit", null, 50_000, 1_500, "Less than 10% of the 2025 cap is left: 1500 of 50000 cents."),
            new AllowanceWarning("near_monthly_limit", new YearMonth(2025, 3), 21_000, 1_500, "Less than 10% of the limit for 2025-03 is left: 1500 of 21000 cents."),
        ], mine.Warnings);
    }

    [Fact]
    public async Task Another_year_has_no_monthly_warning_even_when_its_march_is_full()
    {
        var enrolled = await api.Enrol(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21_000, 3, PayoutKind.Travel, year: 2024));

        var (_, mine, registry) = await Read(enrolled, 2024);

        SameFigures(registry, mine);
        Assert.Equal(0, mine.Months[2].HeadroomCents);
        Assert.Empty(mine.Warnings);
    }

    [Fact]
    public async Task A_year_without_limits_is_a_422_allowance_limits_missing()
    {
        var enrolled = await api.Enrol();
        var key = await api.VolunteerKey(enrolled.VolunteerId);

        var problem = await (await key.Client.GetAsync("/v1/me/allowance/2030")).Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");

        Assert.Equal("No allowance limits are set for 2030; an admin sets them with PUT /v1/allowance-limits/2030.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("1999")]
    [InlineData("2101")]
    public async Task A_year_out_of_range_is_a_400_naming_year(string year)
    {
        var enrolled = await api.Enrol();
        var key = await api.VolunteerKey(enrolled.VolunteerId);

        var problem = await (await key.Client.GetAsync($"/v1/me/allowance/{year}")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["year"], problem.ErrorFields());
    }
}
