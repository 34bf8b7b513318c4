using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Exports;

/// <summary>
/// The edges of the allowance reads that Stryker found unpinned: the year range 2000-2100 at both ends (a year inside it
/// without limits is the 422, not the 400), the threshold's lower end, the CSV export's refusal of paging, and that a
/// year other than the current one has no current month. The clock says 2025-03-14.
/// </summary>
public sealed class AllowanceBoundsTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string YearRange = "year must lie between 2000 and 2100.";

    [Theory]
    [InlineData("/v1/volunteers/{0}/allowance/{1}")]
    [InlineData("/v1/allowance/yearly-totals?year={1}")]
    [InlineData("/v1/allowance/near-limit?year={1}")]
    public async Task The_years_2000_and_2100_are_asked_and_1999_and_2101_refused(string template)
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();

        foreach (var year in new[] { 2000, 2100 })
        {
            using var inside = await finance.GetAsync(string.Format(null, template, enrolled.VolunteerId, year));
            var problem = await inside.Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
            Assert.Equal($"No allowance limits are set for {year}; an admin sets them with PUT /v1/allowance-limits/{year}.", (string?)problem["detail"]);
        }
        foreach (var year in new[] { 1999, 2101 })
        {
            using var outside = await finance.GetAsync(string.Format(null, template, enrolled.VolunteerId, year));
            var problem = await outside.Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(YearRange, (string?)problem["errors"]!["year"]![0]);
        }
    }

    [Fact]
    public async Task The_headroom_of_an_unknown_volunteer_says_what_was_not_found()
    {
        var problem = await (await api.Finance().GetAsync("/v1/volunteers/987654/allowance/2025")).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("No volunteer with that id is visible to this key.", (string?)problem["detail"]);
    }

    [Theory]
    [InlineData("format=csv&limit=5", "limit")]
    [InlineData("format=csv&cursor=abc", "cursor")]
    public async Task The_csv_export_refuses_paging_by_name(string query, string field)
    {
        var problem = await (await api.Finance().GetAsync("/v1/allowance/yearly-totals?year=2025&" + query)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal("The CSV export holds every matching row; limit and cursor page the JSON list only.", (string?)problem["errors"]![field]![0]);
    }

    [Fact]
    public async Task An_unknown_format_is_refused_by_name()
    {
        var problem = await (await api.Finance().GetAsync("/v1/allowance/yearly-totals?year=2025&format=xml")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["format"], problem.ErrorFields());
    }

    [Theory]
    [InlineData(1, HttpStatusCode.OK)]
    [InlineData(100, HttpStatusCode.OK)]
    [InlineData(0, HttpStatusCode.BadRequest)]
    [InlineData(101, HttpStatusCode.BadRequest)]
    public async Task The_threshold_runs_from_1_to_100_percent(int threshold, HttpStatusCode status)
    {
        using var response = await api.Finance().GetAsync($"/v1/allowance/near-limit?year=2025&thresholdPercent={threshold}");

        if (status == HttpStatusCode.OK)
        {
            await response.Read<Page<NearLimitResponse>>();
        }
        else
        {
            var problem = await response.Problem(status, "validation_failed");
            Assert.Equal("thresholdPercent must be a whole number from 1 to 100.", (string?)problem["errors"]!["thresholdPercent"]![0]);
        }
    }

    [Fact]
    public async Task Another_year_is_judged_on_its_year_alone_not_on_this_month()
    {
        // Far from 2024's cap, and 20,000 of 21,000 in March 2025 (this month): near in 2025, not in 2024.
        var enrolled = await api.Enrol(new LocalDate(2024, 1, 1), new LocalDate(2025, 12, 31));
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_000, 6, year: 2024));
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20_000, 3));

        var lastYear = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2024&thresholdPercent=50");
        var lastYearAll = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2024&thresholdPercent=100");
        var thisYear = await api.Finance().AllPages<NearLimitResponse>("/v1/allowance/near-limit?year=2025&thresholdPercent=50");

        Assert.DoesNotContain(lastYear, n => n.VolunteerId == enrolled.VolunteerId);
        Assert.Equal([AllowanceLimitKind.Year], lastYearAll.Single(n => n.VolunteerId == enrolled.VolunteerId).Limits.Select(l => l.Limit));
        Assert.Equal([(YearMonth?)new YearMonth(2025, 3)], thisYear.Single(n => n.VolunteerId == enrolled.VolunteerId).Limits.Select(l => l.Period));
    }
}
