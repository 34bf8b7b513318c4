using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class HourIngestionTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    private static int _births;

    /// <summary>
    /// A world whose volunteer has a birth date of its own: this class seeds many volunteers born on HoursWorld's default
    /// day, and the seed confirms at most 20 of those as other people.
    /// </summary>
    private Task<HoursWorld> OwnWorld() => Create(api, born: new LocalDate(1990, 1, 1).PlusDays(Interlocked.Increment(ref _births)));

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

    /// <summary>
    /// The answer is the stored state, entry for entry and in request order, whichever way each entry was written
    /// (inserted, updated, unchanged, an empty description stored as none).
    /// </summary>
    [Fact]
    public async Task A_mixed_batch_answers_in_request_order_exactly_what_is_then_listed()
    {
        var w = await OwnWorld();
        await (await Submit(w.PartnerA, Entry("m-kept", w.PlacementA, Day, 30, "Koffie"), Entry("m-changed", w.PlacementA, Day, 45))).Read<HourEntriesResponse>();

        var answer = await (await Submit(w.PartnerA,
            Entry("m-new", w.PlacementA, Day.PlusDays(2), 61, "Nieuw"),
            Entry("m-changed", w.PlacementA, Day.PlusDays(1), 50, "Thee"),
            Entry("m-kept", w.PlacementA, Day, 30, "Koffie"),
            Entry("m-bare", w.PlacementA, Day.PlusDays(3), 1, ""))).Read<HourEntriesResponse>();
        var listed = (await List(w.PartnerA)).ToDictionary(e => e.ExternalId);

        Assert.Equal(["m-new", "m-changed", "m-kept", "m-bare"], answer.Items.Select(i => i.ExternalId));
        Assert.Equal(answer.Items.Select(i => listed[i.ExternalId]), answer.Items);
        Assert.Equal((w.PlacementA, Day.PlusDays(2), 61, "Nieuw", HourStatus.Submitted, w.OrgA, w.VolunteerId, (long?)null, (string?)null),
            (answer.Items[0].PlacementId, answer.Items[0].Date, answer.Items[0].Minutes, answer.Items[0].Description, answer.Items[0].Status,
                answer.Items[0].OrganisationId, answer.Items[0].VolunteerId, answer.Items[0].PayoutId, answer.Items[0].RejectReason));
        Assert.Null(answer.Items[3].Description);
        Assert.Equal(4, listed.Count);
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

        var problem = await response.Explained(HttpStatusCode.Conflict, "hour_entry_locked");
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

        await (await Submit(w.PartnerA, good, entry)).Invalid(field);

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

        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 0), Entry("b", w.PlacementA, Day), Entry("c", 12345, Day),
            Entry("d", w.PlacementA, Day.PlusDays(30)))).Invalid("entries[0].minutes", "entries[2].placementId", "entries[3].date");
    }

    [Theory]
    [InlineData("unknownPlacement", "entries[0].placementId")]
    [InlineData("minutes0", "entries[0].minutes")]
    public async Task A_request_without_a_single_countable_entry_is_refused_naming_it(string bad, string field)
    {
        // No entry reaches the day totals: the check of stored day totals has nothing to read, and must not fail for it.
        var w = await OwnWorld();
        var entry = bad == "unknownPlacement" ? Entry("c", 987_654, Day) : Entry("c", w.PlacementA, Day, 0);

        await (await Submit(w.PartnerA, entry)).Invalid(field);

        Assert.Empty(await List(w.PartnerA));
    }

    [Fact]
    public async Task A_placement_covers_its_first_and_last_day_and_not_the_day_after()
    {
        var w = await OwnWorld();
        var start = new LocalDate(2025, 3, 3);
        var end = new LocalDate(2025, 3, 10);
        var placement = await Place(api, w.VolunteerId, w.OrgA, start, end);

        await (await Submit(w.PartnerA, Entry("first", placement, start, 60), Entry("last", placement, end, 45))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerA, Entry("after", placement, end.PlusDays(1), 30))).Invalid("entries[0].date");

        Assert.Equal([("first", start, 60), ("last", end, 45)],
            (await List(w.PartnerA, $"&placementId={placement}")).Select(e => (e.ExternalId, e.Date, e.Minutes)));
    }

    public static TheoryData<string, string> NotAnEntryList => new()
    {
        { """{"entries":[]}""", "entries" },
        { """{"entries":[null]}""", "entries[0]" },
        { """{"entries":[{"externalId":"n1","placementId":PLACEMENT,"date":"2025-03-03","minutes":60},null]}""", "entries[1]" },
    };

    [Theory]
    [MemberData(nameof(NotAnEntryList))]
    public async Task An_empty_list_or_a_null_entry_is_refused_naming_it_and_nothing_is_written(string json, string field)
    {
        var w = await OwnWorld();

        var response = await w.PartnerA.SendRaw(HttpMethod.Post, "/v1/hours", json.Replace("PLACEMENT", w.PlacementA.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        await response.Invalid(field);
        Assert.Empty(await List(w.PartnerA));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task A_request_holds_one_to_a_thousand_entries(int count)
    {
        var w = await Create(api);
        var entries = Enumerable.Range(0, count).Select(i => Entry($"n{i}", w.PlacementA, Day, 1)).ToArray();

        await (await Submit(w.PartnerA, entries)).Invalid("entries");
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
