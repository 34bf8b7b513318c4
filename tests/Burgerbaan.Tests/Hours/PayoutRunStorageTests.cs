using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>What a payout run stores: nothing when it pays nothing or the year has no limits; otherwise the run, named by its payouts.</summary>
public sealed class PayoutRunStorageTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private HttpClient Finance => api.Client(ApiRole.Finance);

    private async Task<List<PayoutRunResponse>> Runs(string query = "") =>
        (await (await Finance.GetAsync("/v1/payout-runs?limit=200" + query)).Read<Page<PayoutRunResponse>>()).Items.ToList();

    [Fact]
    public async Task A_run_in_a_year_without_limits_is_refused_and_stores_nothing()
    {
        var problem = await (await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2026, 11))))
            .Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");

        Assert.Equal("No allowance limits are set for 2026, so nothing was paid or stored. Once the Belastingdienst publishes them " +
            "('Vrijwilligersvergoedingen'), an admin sets them with PUT /v1/allowance-limits/2026; then run again.", (string?)problem["detail"]);
        Assert.Empty(await Runs("&period=2026-11"));
    }

    [Theory]
    [InlineData(1999, 12)]
    [InlineData(2101, 1)]
    public async Task A_run_for_a_month_outside_2000_01_to_2100_12_is_refused_naming_period_and_stores_nothing(int year, int month)
    {
        await (await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(year, month)))).Invalid("period");

        Assert.DoesNotContain(await Runs(), r => r.Period == new YearMonth(year, month));
    }

    [Theory]
    [InlineData(2000, 1)]
    [InlineData(2100, 12)]
    public async Task The_first_and_last_months_of_the_range_are_run_and_get_as_far_as_their_missing_limits(int year, int month)
    {
        // Neither year has limits, so the run goes past the range check and stops at the limits: 422, not 400.
        await (await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(year, month))))
            .Explained(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");

        Assert.Empty(await Runs($"&period={year:D4}-{month:D2}"));
    }

    [Fact]
    public async Task A_run_that_pays_nothing_answers_200_with_its_report_and_stores_nothing()
    {
        var w = await Create(api, rate: null);
        await w.Approved(Entry("no-rate", w.PlacementA, new LocalDate(2025, 2, 3), 600));

        var run = await (await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 2)))).Read<PayoutRunResponse>();

        Assert.Equal((null, 0, 0L), (run.Id, run.PayoutCount, run.PaidCents));
        Assert.Equal([new PayoutRunLine(w.VolunteerId, 600, 0, 0, 0, null, null, "no_agreement_rate")], run.Volunteers);
        Assert.Empty(await Runs("&period=2025-02"));
        Assert.All(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => Assert.Null(h.PayoutId));
    }

    [Fact]
    public async Task Payouts_of_a_run_carry_its_id_and_the_run_is_listed_by_period()
    {
        var w = await Create(api);
        await w.Approved(Entry("paid", w.PlacementA, new LocalDate(2025, 1, 6), 600));
        var inactive = await Create(api);
        await inactive.Approved(Entry("idle", inactive.PlacementA, new LocalDate(2025, 1, 7), 600));
        await Deactivate(inactive.VolunteerId);

        var response = await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 1)));

        var run = await response.Read<PayoutRunResponse>(HttpStatusCode.Created);
        Assert.Equal($"/v1/payout-runs/{run.Id}", response.Headers.Location?.OriginalString);
        var line = run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);
        Assert.Equal(new PayoutRunLine(inactive.VolunteerId, 600, 0, 0, 0, null, null, "volunteer_inactive"),
            run.Volunteers.Single(l => l.VolunteerId == inactive.VolunteerId));
        var payout = await (await api.Admin().GetAsync($"/v1/payouts/{line.PayoutId}")).Read<PayoutResponse>();
        Assert.Equal((run.Id, 5_000L, w.VolunteerId), (payout.PayoutRunId, payout.AmountCents, payout.VolunteerId));
        Same(run, Assert.Single(await Runs("&period=2025-01")));
        Assert.Empty(await Runs("&period=2025-04"));
        Same(run, await (await Finance.GetAsync($"/v1/payout-runs/{run.Id}")).Read<PayoutRunResponse>());
        Assert.Empty((await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={inactive.VolunteerId}")).Read<Page<PayoutResponse>>()).Items);
    }

    [Fact]
    public async Task The_run_list_is_keyset_paged()
    {
        var ids = new List<long>();
        foreach (var day in new[] { 3, 4, 5 })
        {
            var w = await Create(api);
            await w.Approved(Entry($"page-{day}", w.PlacementA, new LocalDate(2025, 3, day), 60));
            ids.Add((await (await Finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3))))
                .Read<PayoutRunResponse>(HttpStatusCode.Created)).Id!.Value);
        }

        var first = await (await Finance.GetAsync("/v1/payout-runs?period=2025-03&limit=2")).Read<Page<PayoutRunResponse>>();
        var second = await (await Finance.GetAsync($"/v1/payout-runs?period=2025-03&limit=2&cursor={Uri.EscapeDataString(first.NextCursor!)}"))
            .Read<Page<PayoutRunResponse>>();

        Assert.Equal(ids, first.Items.Concat(second.Items).Select(r => r.Id!.Value));
        Assert.Null(second.NextCursor);
    }

    private static void Same(PayoutRunResponse expected, PayoutRunResponse actual)
    {
        Assert.Equal(expected with { Volunteers = [] }, actual with { Volunteers = [] });
        Assert.Equal(expected.Volunteers, actual.Volunteers);
    }

    private async Task Deactivate(long volunteerId)
    {
        var read = await api.Admin().GetAsync($"/v1/volunteers/{volunteerId}");
        (await api.Admin().Patch($"/v1/volunteers/{volunteerId}", new { active = false }, read.Headers.ETag?.Tag)).EnsureSuccessStatusCode();
    }
}
