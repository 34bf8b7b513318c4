using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class HourApprovalTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 5);

    [Theory]
    [InlineData(ApiRole.Admin, HttpStatusCode.OK)]
    [InlineData(ApiRole.Coordinator, HttpStatusCode.OK)]
    [InlineData(ApiRole.Finance, HttpStatusCode.Forbidden)]
    [InlineData(ApiRole.Website, HttpStatusCode.Forbidden)]
    public async Task Approving_is_for_coordinators_and_admins(ApiRole role, HttpStatusCode expected)
    {
        var w = await Create(api);
        var entry = (await (await Submit(w.PartnerA, Entry("r", w.PlacementA, Day))).Read<HourEntriesResponse>()).Items[0];

        var response = await api.Client(role).PostAsync($"/v1/hours/{entry.Id}/approve", null);

        Assert.Equal(expected, response.StatusCode);
        var partner = await w.PartnerA.PostAsync($"/v1/hours/{entry.Id}/approve", null);
        await partner.Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Rejecting_needs_a_reason_and_keeps_it()
    {
        var w = await Create(api);
        var entry = (await (await Submit(w.PartnerA, Entry("r", w.PlacementA, Day))).Read<HourEntriesResponse>()).Items[0];

        await (await api.Admin().SendRaw(HttpMethod.Post, $"/v1/hours/{entry.Id}/reject", "{}")).Invalid("reason");
        await (await api.Admin().SendRaw(HttpMethod.Post, $"/v1/hours/{entry.Id}/reject", """{"reason":" "}""")).Invalid("reason");
        Assert.Equal(HourStatus.Submitted, Assert.Single(await List(w.PartnerA)).Status);
        var rejected = await (await api.Admin().PostJson($"/v1/hours/{entry.Id}/reject", new RejectHoursRequest("Geen vrijwilligerswerk"))).Read<HourEntryResponse>();

        Assert.Equal(HourStatus.Rejected, rejected.Status);
        Assert.Equal("Geen vrijwilligerswerk", rejected.RejectReason);
        await (await api.Admin().PostAsync($"/v1/hours/{entry.Id}/approve", null)).Problem(HttpStatusCode.Conflict, "conflict");
    }

    [Fact]
    public async Task Bulk_approval_is_all_or_nothing_and_names_the_entries_in_the_way()
    {
        var w = await Create(api);
        var items = (await (await Submit(w.PartnerA, Entry("m1", w.PlacementA, Day), Entry("m2", w.PlacementA, Day), Entry("m3", w.PlacementA, Day)))
            .Read<HourEntriesResponse>()).Items;
        await (await api.Admin().PostAsync($"/v1/hours/{items[1].Id}/approve", null)).Read<HourEntryResponse>();

        var conflict = await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(items.Select(i => i.Id).ToList())))
            .Explained(HttpStatusCode.Conflict, "conflict");
        var missing = await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest([items[0].Id, 987_654])))
            .Explained(HttpStatusCode.NotFound, "not_found");

        Assert.Equal([items[1].Id], conflict["ids"]!.AsArray().Select(n => (long)n!));
        Assert.Equal([987_654L], missing["ids"]!.AsArray().Select(n => (long)n!));
        var stored = await List(w.PartnerA);
        Assert.Equal([HourStatus.Submitted, HourStatus.Approved, HourStatus.Submitted], stored.Select(e => e.Status));
        var approved = await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest([items[0].Id, items[2].Id]))).Read<HourEntriesResponse>();
        Assert.All(approved.Items, i => Assert.Equal(HourStatus.Approved, i.Status));
        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest([]))).Invalid("ids");
    }

    [Fact]
    public async Task Bulk_approval_takes_a_thousand_ids_and_refuses_1001_naming_ids()
    {
        var w = await Create(api);
        var entries = Enumerable.Range(0, 1000).Select(i => Entry($"k{i}", w.PlacementA, new LocalDate(2024, 3, 1).PlusDays(i % 365), 1)).ToArray();
        var ids = (await (await Submit(w.PartnerA, entries)).Read<HourEntriesResponse>()).Items.Select(i => i.Id).ToList();

        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest([.. ids, 987_654]))).Invalid("ids");
        Assert.Equal(200, (await List(w.PartnerA, "&status=submitted")).Count);
        var approved = await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(ids))).Read<HourEntriesResponse>();

        Assert.Equal(ids, approved.Items.Select(i => i.Id));
        Assert.All(approved.Items, i => Assert.Equal(HourStatus.Approved, i.Status));
        Assert.Empty(await List(w.PartnerA, "&status=submitted"));
    }

    [Fact]
    public async Task Each_decision_single_and_bulk_is_audited_with_the_deciding_key()
    {
        var w = await Create(api);
        var items = (await (await Submit(w.PartnerA, Entry("a1", w.PlacementA, Day), Entry("a2", w.PlacementA, Day), Entry("a3", w.PlacementA, Day),
            Entry("a4", w.PlacementA, Day))).Read<HourEntriesResponse>()).Items;
        var desk = await api.NewKey(ApiRole.Coordinator, "hours desk");
        var at = api.Clock.GetCurrentInstant();
        await (await desk.Client.PostJson("/v1/hours/approve", new ApproveHoursRequest([items[0].Id, items[1].Id]))).Read<HourEntriesResponse>();
        await (await desk.Client.PostAsync($"/v1/hours/{items[2].Id}/approve", null)).Read<HourEntryResponse>();
        await (await desk.Client.PostJson($"/v1/hours/{items[3].Id}/reject", new RejectHoursRequest(" dubbel "))).Read<HourEntryResponse>();
        await (await desk.Client.PostJson("/v1/hours/approve", new ApproveHoursRequest([items[0].Id, items[3].Id]))).Problem(HttpStatusCode.Conflict, "conflict");

        var trail = await api.Admin().AuditRows($"entity=hour_entry&keyId={desk.KeyId}");

        Audited Row(int index, string action, string summary) =>
            new(action, "hour_entry", items[index].Id, desk.KeyId, "hours desk", ApiRole.Coordinator, at, summary);
        const string Approved = """{"before":{"status":"submitted"},"after":{"status":"approved"}}""";
        Assert.Equal(
            [
                Row(0, "hour_entry.approved", Approved),
                Row(1, "hour_entry.approved", Approved),
                Row(2, "hour_entry.approved", Approved),
                Row(3, "hour_entry.rejected", """{"before":{"status":"submitted","rejectReason":null},"after":{"status":"rejected","rejectReason":"dubbel"}}"""),
            ],
            trail);
        Assert.Equal([HourStatus.Approved, HourStatus.Approved, HourStatus.Approved, HourStatus.Rejected],
            (await List(w.PartnerA)).Where(e => items.Any(i => i.Id == e.Id)).Select(e => e.Status));
    }
}
