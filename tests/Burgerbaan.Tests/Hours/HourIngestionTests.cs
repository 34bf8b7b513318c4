using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class HourIngestionTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    [Fact]
    public async Task Submitted_entries_are_listed_with_ids_and_the_organisation_from_the_placement()
    {
        var w = await Create(api);

        var body = await (await Submit(w.PartnerA, Entry("x1", w.PlacementA, Day), Entry("x2", w.PlacementA, Day.PlusDays(1), 90, "Koffie")))
            .Read<HourEntriesResponse>();

        Assert.Equal(["x1", "x2"], body.Items.Select(i => i.ExternalId));
        Assert.All(body.Items, i =>
        {
            Assert.True(i.Id > 0);
            Assert.Equal(w.OrgA, i.OrganisationId);
            Assert.Equal(w.VolunteerId, i.VolunteerId);
            Assert.Equal(HourStatus.Submitted, i.Status);
            Assert.Null(i.PayoutId);
        });
        Assert.Equal("Koffie", body.Items[1].Description);
    }

    [Fact]
    public async Task Same_content_again_is_a_no_op_and_changed_content_updates_a_submitted_entry()
    {
        var w = await Create(api);
        var first = await (await Submit(w.PartnerA, Entry("u1", w.PlacementA, Day, 60, "Koffie"))).Read<HourEntriesResponse>();

        var again = await (await Submit(w.PartnerA, Entry("u1", w.PlacementA, Day, 60, "Koffie"))).Read<HourEntriesResponse>();
        var unchanged = Assert.Single(await List(w.PartnerA));
        var changed = await (await Submit(w.PartnerA, Entry("u1", w.PlacementA, Day.PlusDays(1), 75, "Thee"))).Read<HourEntriesResponse>();
        var stored = Assert.Single(await List(w.PartnerA));

        Assert.Equal(first.Items[0], again.Items[0]);
        Assert.Equal(first.Items[0], unchanged);
        Assert.Equal(changed.Items[0], stored);
        Assert.Equal((first.Items[0].Id, w.PlacementA, Day.PlusDays(1), 75, "Thee"), (stored.Id, stored.PlacementId, stored.Date, stored.Minutes, stored.Description));
    }

    [Fact]
    public async Task Changing_an_approved_or_rejected_entry_is_refused_naming_the_external_ids_and_writes_nothing()
    {
        var w = await Create(api);
        var approved = await w.Approved(Entry("l1", w.PlacementA, Day, 60));
        var submitted = await (await Submit(w.PartnerA, Entry("l2", w.PlacementA, Day, 30))).Read<HourEntriesResponse>();
        await (await api.Admin().PostJson($"/v1/hours/{submitted.Items[0].Id}/reject", new RejectHoursRequest("Geen Burgerbaan-activiteit")))
            .Read<HourEntryResponse>();

        var response = await Submit(w.PartnerA, Entry("l1", w.PlacementA, Day, 61), Entry("l2", w.PlacementA, Day, 31), Entry("l3", w.PlacementA, Day, 10));

        var problem = await response.Problem(HttpStatusCode.Conflict, "hour_entry_locked");
        Assert.Equal(["l1", "l2"], problem["externalIds"]!.AsArray().Select(n => (string)n!));
        var stored = await List(w.PartnerA);
        Assert.Equal(2, stored.Count);
        Assert.Equal(60, stored.Single(e => e.ExternalId == "l1").Minutes);
        Assert.Equal(approved[0].Id, stored.Single(e => e.ExternalId == "l1").Id);
        // The same content for a locked entry is still a no-op.
        await (await Submit(w.PartnerA, Entry("l1", w.PlacementA, Day, 60))).Read<HourEntriesResponse>();
    }

    public static TheoryData<string, string> BadEntries => new()
    {
        { "minutes0", "entries[1].minutes" },
        { "minutes1441", "entries[1].minutes" },
        { "future", "entries[1].date" },
        { "tooOld", "entries[1].date" },
        { "beforePlacement", "entries[1].date" },
        { "longDescription", "entries[1].description" },
        { "emptyExternalId", "entries[1].externalId" },
        { "longExternalId", "entries[1].externalId" },
        { "unknownPlacement", "entries[1].placementId" },
        { "duplicate", "entries[1].externalId" },
    };

    [Theory]
    [MemberData(nameof(BadEntries))]
    public async Task Each_bad_entry_is_named_by_its_index_and_nothing_is_written(string bad, string field)
    {
        var w = await Create(api);
        var late = await Place(api, w.VolunteerId, w.OrgA, new LocalDate(2025, 3, 1));
        var good = Entry("ok-" + bad, w.PlacementA, Day);
        var entry = bad switch
        {
            "minutes0" => Entry("b", w.PlacementA, Day, 0),
            "minutes1441" => Entry("b", w.PlacementA, Day, 1441),
            "future" => Entry("b", w.PlacementA, new LocalDate(2025, 3, 15)),
            "tooOld" => Entry("b", w.PlacementA, new LocalDate(2024, 2, 13)),
            "beforePlacement" => Entry("b", late, new LocalDate(2025, 2, 28)),
            "longDescription" => Entry("b", w.PlacementA, Day, 60, new string('x', 501)),
            "emptyExternalId" => Entry("", w.PlacementA, Day),
            "longExternalId" => Entry(new string('e', 101), w.PlacementA, Day),
            "unknownPlacement" => Entry("b", 999_999, Day),
            "duplicate" => Entry(good.ExternalId, w.PlacementA, Day.PlusDays(1)),
            _ => throw new ArgumentOutOfRangeException(nameof(bad)),
        };

        var problem = await (await Submit(w.PartnerA, good, entry)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
        Assert.Empty(await List(w.PartnerA));
    }

    [Fact]
    public async Task Boundaries_are_accepted_today_thirteen_months_back_one_and_1440_minutes_and_500_characters()
    {
        var w = await Create(api);

        await (await Submit(w.PartnerA,
            Entry("t", w.PlacementA, new LocalDate(2025, 3, 14), 1),
            Entry("o", w.PlacementA, new LocalDate(2024, 2, 14), 1440, new string('d', 500)),
            Entry(new string('e', 100), w.PlacementA, Day))).Read<HourEntriesResponse>();

        Assert.Equal(3, (await List(w.PartnerA)).Count);
    }

    [Fact]
    public async Task Every_failing_entry_is_listed_at_once()
    {
        var w = await Create(api);

        var problem = await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 0), Entry("b", w.PlacementA, Day), Entry("c", 12345, Day),
            Entry("d", w.PlacementA, Day.PlusDays(30)))).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries[0].minutes", "entries[2].placementId", "entries[3].date"], problem.ErrorFields());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_request_holds_one_to_a_thousand_entries(int count)
    {
        var w = await Create(api);
        var entries = Enumerable.Range(0, count).Select(i => Entry($"n{i}", w.PlacementA, Day, 1)).ToArray();

        var problem = await (await Submit(w.PartnerA, entries)).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_thousand_entries_are_accepted_in_one_request()
    {
        var w = await Create(api);
        var entries = Enumerable.Range(0, 1000).Select(i => Entry($"k{i}", w.PlacementA, new LocalDate(2024, 3, 1).PlusDays(i % 365), 1)).ToArray();

        var body = await (await Submit(w.PartnerA, entries)).Read<HourEntriesResponse>();

        Assert.Equal(1000, body.Items.Select(i => i.Id).Distinct().Count());
    }
}
