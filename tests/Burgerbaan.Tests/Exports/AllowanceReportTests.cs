using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using CsvHelper.Configuration.Attributes;
using NodaTime;

namespace Burgerbaan.Tests.Exports;

/// <summary>The yearly totals and the near-limit list against the headroom endpoint, volunteer by volunteer. The clock says 2025-03-14.</summary>
public sealed class AllowanceReportTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string Header = "volunteer_id,first_name,last_name,active,year,legal_annual_limit_cents,effective_annual_cap_cents,counted_cents,headroom_cents";

    public sealed class YearlyRow
    {
        [Name("volunteer_id")] public long VolunteerId { get; set; }
        [Name("first_name")] public string FirstName { get; set; } = "";
        [Name("last_name")] public string LastName { get; set; } = "";
        [Name("active")] public string Active { get; set; } = "";
        [Name("year")] public int Year { get; set; }
        [Name("legal_annual_limit_cents")] public long Legal { get; set; }
        [Name("effective_annual_cap_cents")] public long Cap { get; set; }
        [Name("counted_cents")] public long Counted { get; set; }
        [Name("headroom_cents")] public long Headroom { get; set; }

        public YearlyTotalResponse ToResponse() => new(VolunteerId, FirstName, LastName, bool.Parse(Active), Year, Legal, Cap, Counted, Headroom);
    }

    /// <summary>Near the year (a budget of 50,000 with 46,000 counted), near March (20,000 of 21,000), exactly 10% left (not near), far.</summary>
    private async Task<(Enrolled Year, Enrolled Month, Enrolled Exact, Enrolled Far)> Volunteers()
    {
        var year = await api.Enrol(budget: 50_000);
        await api.Admin().Pay(PayoutKit.Payout(year.VolunteerId, 21_000, 1));
        await api.Admin().Pay(PayoutKit.Payout(year.VolunteerId, 21_000, 2));
        await api.Admin().Pay(PayoutKit.Payout(year.VolunteerId, 4_000, 3, PayoutKind.Travel));
        await api.Admin().Pay(PayoutKit.Payout(year.VolunteerId, 900, 3, PayoutKind.Expense, receipt: "BON-9"));
        var month = await api.Enrol();
        await api.Admin().Pay(PayoutKit.Payout(month.VolunteerId, 20_000, 3));
        var exact = await api.Enrol(budget: 100_000);
        foreach (var m in Enumerable.Range(1, 5))
        {
            await api.Admin().Pay(PayoutKit.Payout(exact.VolunteerId, 18_000, m));
        }
        var far = await api.Enrol();
        var cancelled = await api.Admin().Pay(PayoutKit.Payout(far.VolunteerId, 21_000, 3));
        await (await api.Finance().Act(cancelled.Id, "cancel")).Read<PayoutResponse>();
        await api.Admin().Pay(PayoutKit.Payout(far.VolunteerId, 5_000, 4));
        return (year, month, exact, far);
    }

    [Fact]
    public async Task Yearly_totals_as_json_pages_and_as_csv_are_the_headroom_endpoints_figures()
    {
        var (year, month, exact, far) = await Volunteers();
        var idle = await api.Enrol();
        await (await api.Admin().Patch($"/v1/volunteers/{far.VolunteerId}", new UpdateVolunteerRequest(Active: false), "*")).Read<VolunteerResponse>();

        var json = await api.Finance().AllPages<YearlyTotalResponse>("/v1/allowance/yearly-totals?year=2025", limit: 2);
        var csv = await (await api.Finance().GetCsv("/v1/allowance/yearly-totals?year=2025")).ReadCsv<YearlyRow>(Header, "yearly-totals-2025.csv");
        var byDefault = await api.Admin().AllPages<YearlyTotalResponse>("/v1/allowance/yearly-totals");

        Assert.Equal(json, csv.Select(r => r.ToResponse()));
        Assert.Equal(json, byDefault);
        Assert.Equal(json.OrderBy(t => t.VolunteerId).Select(t => t.VolunteerId), json.Select(t => t.VolunteerId));
        foreach (var who in new[] { year, month, exact, far, idle })
        {
            var total = json.Single(t => t.VolunteerId == who.VolunteerId);
            var headroom = await api.Finance().Headroom(who.VolunteerId);
            Assert.Equal((headroom.LegalAnnualLimitCents, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents),
                (total.LegalAnnualLimitCents, total.EffectiveAnnualCapCents, total.CountedCents, total.HeadroomCents));
        }
        Assert.Equal((50_000, 46_000, 4_000), Figures(json, year));
        Assert.Equal((210_000, 0, 210_000), Figures(json, idle));
        Assert.False(json.Single(t => t.VolunteerId == far.VolunteerId).Active);
        Assert.Equal("false", csv.Single(r => r.VolunteerId == far.VolunteerId).Active);
    }

    private static (long Cap, long Counted, long Headroom) Figures(IEnumerable<YearlyTotalResponse> totals, Enrolled who) =>
        totals.Single(t => t.VolunteerId == who.VolunteerId) is var t ? (t.EffectiveAnnualCapCents, t.CountedCents, t.HeadroomCents) : default;

    [Fact]
    public async Task Near_limit_lists_who_has_less_than_the_threshold_left_with_the_headroom_endpoints_figures()
    {
        var (year, month, exact, far) = await Volunteers();

        var near = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2025&thresholdPercent=10", limit: 1);

        var mine = near.Where(n => new[] { year, month, exact, far }.Any(w => w.VolunteerId == n.VolunteerId)).ToList();
        Assert.Equal([year.VolunteerId, month.VolunteerId], mine.Select(n => n.VolunteerId));
        var march = new YearMonth(2025, 3);
        foreach (var entry in mine)
        {
            var headroom = await api.Finance().Headroom(entry.VolunteerId);
            var expected = new List<NearLimitEntry>();
            if (headroom.HeadroomCents * 10 < headroom.EffectiveAnnualCapCents)
            {
                expected.Add(new NearLimitEntry(AllowanceLimitKind.Year, null, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
            }
            var m = headroom.Months[2];
            if (m.HeadroomCents * 10 < m.LimitCents)
            {
                expected.Add(new NearLimitEntry(AllowanceLimitKind.Month, march, m.LimitCents, m.CountedCents, m.HeadroomCents));
            }
            Assert.Equal(expected, entry.Limits);
        }
        // Year: 4,000 of 50,000 left; and March, whose room never exceeds the year's: 4,000 of 21,000 is not under 10%, so the year alone.
        Assert.Equal([new NearLimitEntry(AllowanceLimitKind.Year, null, 50_000, 46_000, 4_000)], mine[0].Limits);
        Assert.Equal([new NearLimitEntry(AllowanceLimitKind.Month, march, 21_000, 20_000, 1_000)], mine[1].Limits);
    }

    [Fact]
    public async Task Allowances_declared_from_elsewhere_count_in_the_yearly_totals_and_near_limit_as_on_the_headroom_endpoint()
    {
        var declared = await api.Enrol();
        (await api.Finance().PostJson($"/v1/volunteers/{declared.VolunteerId}/outside-allowances",
            new CreateOutsideAllowanceRequest(new YearMonth(2025, 3), 19_500, "Voedselbank Almere", OutsideAllowanceKind.Allowance))).EnsureSuccessStatusCode();
        var headroom = await api.Finance().Headroom(declared.VolunteerId);
        Assert.Equal((19_500, 190_500), (headroom.CountedCents, headroom.HeadroomCents));

        var total = (await api.Finance().AllPages<YearlyTotalResponse>("/v1/allowance/yearly-totals?year=2025")).Single(t => t.VolunteerId == declared.VolunteerId);
        Assert.Equal((headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents), (total.EffectiveAnnualCapCents, total.CountedCents, total.HeadroomCents));
        var near = (await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2025&thresholdPercent=10")).Single(n => n.VolunteerId == declared.VolunteerId);
        var march = headroom.Months[2];
        Assert.Equal([new NearLimitEntry(AllowanceLimitKind.Month, new YearMonth(2025, 3), march.LimitCents, march.CountedCents, march.HeadroomCents)], near.Limits);
        Assert.Equal((19_500, 1_500), (march.CountedCents, march.HeadroomCents));
    }

    [Fact]
    public async Task The_threshold_moves_the_line_and_another_year_has_no_current_month()
    {
        var (year, month, exact, far) = await Volunteers();

        var wide = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?thresholdPercent=11");
        var all = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?thresholdPercent=100");
        var lastYear = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2024&thresholdPercent=100");

        Assert.Contains(wide, n => n.VolunteerId == exact.VolunteerId && n.Limits.Single().Limit == AllowanceLimitKind.Year);
        Assert.Contains(all, n => n.VolunteerId == far.VolunteerId);
        Assert.DoesNotContain(wide, n => n.VolunteerId == far.VolunteerId);
        Assert.Empty(lastYear);
        Assert.Equal([AllowanceLimitKind.Year, AllowanceLimitKind.Month], all.Single(n => n.VolunteerId == month.VolunteerId).Limits.Select(l => l.Limit));
        Assert.Equal(year.VolunteerId, wide.First(n => n.VolunteerId == year.VolunteerId).VolunteerId);
    }

    [Theory]
    [InlineData("/v1/allowance/near-limit?year=2026")]
    [InlineData("/v1/allowance/yearly-totals?year=2026")]
    [InlineData("/v1/allowance/yearly-totals?year=2026&format=csv")]
    public async Task A_year_without_limits_is_refused_as_the_headroom_endpoint_refuses_it(string url)
    {
        using var response = await api.Finance().GetAsync(url);

        var problem = await response.Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
        Assert.Equal("No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.", (string?)problem["detail"]);
    }
}
