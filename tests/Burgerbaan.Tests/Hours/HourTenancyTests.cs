using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class HourTenancyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 4);

    [Fact]
    public async Task A_partner_posting_for_another_organisations_placement_is_refused_and_nothing_is_written()
    {
        var w = await Create(api);

        var problem = await (await Submit(w.PartnerA, Entry("mine", w.PlacementA, Day), Entry("theirs", w.PlacementB, Day)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries[1].placementId"], problem.ErrorFields());
        Assert.Empty(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"));
    }

    [Fact]
    public async Task A_coordinator_may_post_for_any_organisation_and_the_entry_takes_the_placements_organisation()
    {
        var w = await Create(api);

        var body = await (await Submit(api.Client(ApiRole.Coordinator), Entry("c1", w.PlacementA, Day), Entry("c1", w.PlacementB, Day)))
            .Read<HourEntriesResponse>();

        Assert.Equal([w.OrgA, w.OrgB], body.Items.Select(i => i.OrganisationId));
    }

    [Fact]
    public async Task One_volunteers_day_holds_at_most_24_hours_over_all_organisations()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 1000))).Read<HourEntriesResponse>();

        await (await Submit(w.PartnerB, Entry("b", w.PlacementB, Day, 441))).Invalid("entries[0].minutes");

        await (await Submit(w.PartnerB, Entry("b", w.PlacementB, Day, 440))).Read<HourEntriesResponse>();
        // Replacing an entry counts its new minutes, not old and new together.
        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 1000))).Read<HourEntriesResponse>();
        var replaced = await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 1001))).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["entries[0].minutes"], replaced.ErrorFields());
        Assert.Equal([("a", 1000), ("b", 440)], (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Select(e => (e.ExternalId, e.Minutes)));
    }

    [Theory]
    [InlineData(1440, 1)]
    [InlineData(1, 1440)]
    public async Task A_day_already_holding_minutes_refuses_a_new_entry_of_one_or_1440_minutes_that_would_pass_24_hours(int stored, int added)
    {
        var w = await Create(api);
        await (await Submit(w.PartnerB, Entry("held", w.PlacementB, Day, stored))).Read<HourEntriesResponse>();

        await (await Submit(w.PartnerA, Entry("new", w.PlacementA, Day, added))).Invalid("entries[0].minutes");

        Assert.Equal([("held", stored)], (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Select(e => (e.ExternalId, e.Minutes)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public async Task A_batch_over_several_days_is_refused_when_its_first_or_last_day_would_pass_24_hours(int full)
    {
        // The stored totals are read for the batch's whole date range; a day at either end of it counts as well.
        var w = await Create(api);
        LocalDate[] days = [Day.PlusDays(-2), Day.PlusDays(-1), Day];
        await (await Submit(w.PartnerB, Entry("held", w.PlacementB, days[full], 1000))).Read<HourEntriesResponse>();

        await (await Submit(w.PartnerA, Entry("d0", w.PlacementA, days[0], 500), Entry("d1", w.PlacementA, days[1], 500), Entry("d2", w.PlacementA, days[2], 500)))
            .Invalid($"entries[{full}].minutes");

        Assert.Equal([("held", days[full])], (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Select(e => (e.ExternalId, e.Date)));
    }

    [Fact]
    public async Task Two_entries_in_one_request_that_overfill_a_day_are_both_named()
    {
        var w = await Create(api);

        var problem = await (await Submit(w.PartnerA, Entry("p", w.PlacementA, Day, 800), Entry("q", w.PlacementA, Day, 800)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries[0].minutes", "entries[1].minutes"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_partner_lists_only_its_own_organisations_entries_even_when_filtering_for_another()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("a1", w.PlacementA, Day))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b1", w.PlacementB, Day))).Read<HourEntriesResponse>();

        var own = await List(w.PartnerA);
        var sneaky = await List(w.PartnerA, $"&organisationId={w.OrgB}");
        var coordinator = await List(api.Client(ApiRole.Coordinator), $"&volunteerId={w.VolunteerId}");

        Assert.Equal(["a1"], own.Select(e => e.ExternalId));
        Assert.Empty(sneaky);
        Assert.Equal(["a1", "b1"], coordinator.Select(e => e.ExternalId));
    }

    [Fact]
    public async Task The_same_external_id_in_two_organisations_is_two_entries()
    {
        var w = await Create(api);

        await (await Submit(w.PartnerA, Entry("same", w.PlacementA, Day, 60))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("same", w.PlacementB, Day, 30))).Read<HourEntriesResponse>();

        var all = await List(api.Admin(), $"&volunteerId={w.VolunteerId}");
        Assert.Equal([60, 30], all.Select(e => e.Minutes));
    }

    [Fact]
    public async Task Hour_summary_counts_minutes_per_status_and_hides_other_organisations_placements()
    {
        var w = await Create(api);
        var approved = await w.Approved(Entry("s1", w.PlacementA, Day, 100), Entry("s2", w.PlacementA, Day.PlusDays(1), 50));
        var submitted = await (await Submit(w.PartnerA, Entry("s3", w.PlacementA, Day.PlusDays(2), 25), Entry("s4", w.PlacementA, Day.PlusDays(3), 5)))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostJson($"/v1/hours/{submitted.Items[1].Id}/reject", new RejectHoursRequest("dubbel"))).Read<HourEntryResponse>();
        await (await Submit(w.PartnerA, Entry("other-month", w.PlacementA, new LocalDate(2025, 2, 28), 7))).Read<HourEntriesResponse>();
        await (await api.Client(ApiRole.Finance).PostJson("/v1/payouts",
            new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 100, new YearMonth(2025, 3), HourEntryIds: [approved[0].Id])))
            .Read<PayoutResponse>(HttpStatusCode.Created);

        var summary = await (await w.PartnerA.GetAsync($"/v1/placements/{w.PlacementA}/hours/summary?month=2025-03")).Read<HoursSummaryResponse>();

        // Each entry counts under one status: the paid 100 minutes are not approved minutes too.
        Assert.Equal(new HoursSummaryResponse(w.PlacementA, new YearMonth(2025, 3), 25, 50, 5, 100), summary);
        var hidden = await (await w.PartnerB.GetAsync($"/v1/placements/{w.PlacementA}/hours/summary?month=2025-03")).Explained(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("placement", (string?)hidden["detail"], StringComparison.Ordinal);
        await (await w.PartnerA.GetAsync($"/v1/placements/{w.PlacementA}/hours/summary")).Invalid("month");
        await (await w.PartnerA.GetAsync($"/v1/placements/{w.PlacementA}/hours/summary?month=2025-3")).Invalid("month");
    }

    [Fact]
    public async Task An_idempotency_key_replays_a_submission()
    {
        var w = await Create(api);
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/hours")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new SubmitHoursRequest([Entry("i1", w.PlacementA, Day)]), options: BurgerbaanApiFactory.Json),
        };
        request.Headers.Add("Idempotency-Key", "batch-1");
        var first = await (await w.PartnerA.SendAsync(request)).Read<HourEntriesResponse>();
        var again = new HttpRequestMessage(HttpMethod.Post, "/v1/hours")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new SubmitHoursRequest([Entry("i1", w.PlacementA, Day)]), options: BurgerbaanApiFactory.Json),
        };
        again.Headers.Add("Idempotency-Key", "batch-1");

        var response = await w.PartnerA.SendAsync(again);

        Assert.Equal("true", response.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first, await response.Read<HourEntriesResponse>(), new HourEntriesComparer());
    }

    private sealed class HourEntriesComparer : IEqualityComparer<HourEntriesResponse>
    {
        public bool Equals(HourEntriesResponse? x, HourEntriesResponse? y) => x!.Items.SequenceEqual(y!.Items);

        public int GetHashCode(HourEntriesResponse obj) => obj.Items.Count;
    }
}
