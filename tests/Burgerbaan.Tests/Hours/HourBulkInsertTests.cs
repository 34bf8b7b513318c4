using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>
/// On SQLite a batch's new entries go in with one INSERT over a JSON array and are read back by rowid (HourWrite's
/// BulkInsert). The text must come out as it went in, whatever it holds; the stored forms must be those the per-row
/// statements write (the update path still binds each column), since the lists, day totals and runs compare them as
/// stored; and the answer must pair each entry with its own row.
/// </summary>
public sealed class HourBulkInsertTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);
    private static int _births;

    private Task<HoursWorld> OwnWorld() => Create(api, born: new LocalDate(1971, 1, 1).PlusDays(Interlocked.Increment(ref _births)));

    [Fact]
    public async Task Text_that_needs_escaping_in_json_is_stored_and_listed_exactly_as_sent()
    {
        var w = await OwnWorld();
        HourEntryInput[] sent =
        [
            Entry("quote\"and\\backslash", w.PlacementA, Day, 60, "line one\nline two\ttab \"quoted\" \\ back"),
            Entry("emoji-😀-café-Ωμέγα", w.PlacementA, Day, 30, "Zoë 👩🏽‍🍳 <b>&amp;</b> 'single' \u2028 \u00a0"),
            Entry("/slash/\u00e9\u0301", w.PlacementA, Day.PlusDays(1), 15, new string('ë', 250) + string.Concat(Enumerable.Repeat("😀", 125))),
            Entry("null-text", w.PlacementA, Day.PlusDays(1), 15, "null"),
            Entry("[1,2]", w.PlacementA, Day.PlusDays(2), 15, "{\"a\":1}"),
        ];

        var answer = await (await Submit(w.PartnerA, sent)).Read<HourEntriesResponse>();
        var listed = (await List(w.PartnerA)).ToDictionary(e => e.ExternalId);

        Assert.Equal(sent.Select(e => (e.ExternalId, e.Description, e.Date, e.Minutes)), answer.Items.Select(e => (e.ExternalId, e.Description, e.Date, e.Minutes)));
        Assert.Equal(answer.Items, sent.Select(e => listed[e.ExternalId]));
    }

    [Fact]
    public async Task New_entries_are_stored_in_the_forms_the_per_row_update_writes()
    {
        var w = await OwnWorld();
        var inserted = (await (await Submit(w.PartnerA, Entry("form-new", w.PlacementA, Day, 61, "Koffie"), Entry("form-updated", w.PlacementA, Day, 5)))
            .Read<HourEntriesResponse>()).Items;
        // The second entry changes: the UPDATE binds every column through Dapper's handlers, as the per-row INSERT did.
        await (await Submit(w.PartnerA, Entry("form-updated", w.PlacementA, Day.PlusDays(1), 62, "Thee"))).Read<HourEntriesResponse>();

        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        var rows = (await c.QueryAsync<(string ExternalId, string Forms, string Date, string CreatedAt, string UpdatedAt)>(
            "SELECT external_id, typeof(organisation_id) || typeof(external_id) || typeof(placement_id) || typeof(volunteer_id) || typeof(date) || " +
            "typeof(minutes) || typeof(description) || typeof(status) || typeof(created_at) || typeof(updated_at) || typeof(version), date, created_at, updated_at " +
            "FROM hour_entries WHERE id IN @ids", new { ids = inserted.Select(i => i.Id) })).ToDictionary(r => r.ExternalId);

        var fresh = rows["form-new"];
        var updated = rows["form-updated"];
        Assert.Equal("integertextintegerintegertextintegertexttexttexttextinteger", fresh.Forms);
        Assert.Equal(fresh.Forms, updated.Forms);
        Assert.Equal(("2025-03-03", "2025-03-04"), (fresh.Date, updated.Date));
        // The same clock, the same handler: an inserted row's timestamps read exactly like the update's.
        Assert.Equal(fresh.CreatedAt, fresh.UpdatedAt);
        Assert.Equal(updated.UpdatedAt, fresh.CreatedAt);
    }

    [Fact]
    public async Task A_full_batch_gets_ascending_ids_in_request_order_and_each_answer_is_its_own_stored_row()
    {
        var w = await OwnWorld();
        var other = await OwnWorld();
        // Rows inserted before, in another organisation, lie below the batch's rowids and must not be paired with it.
        await (await Submit(other.PartnerA, Entry("same-key", other.PlacementA, Day, 7))).Read<HourEntriesResponse>();
        var sent = Enumerable.Range(0, 1000)
            .Select(i => Entry(i == 0 ? "same-key" : $"bulk-{999 - i:D4}", w.PlacementA, Day.PlusDays(-(i % 300)), 1 + (i % 3), i % 2 == 0 ? null : $"d{i}"))
            .ToArray();

        var answer = await (await Submit(w.PartnerA, sent)).Read<HourEntriesResponse>();
        var listed = new List<HourEntryResponse>();
        for (var query = $"/v1/hours?limit=200&placementId={w.PlacementA}"; ;)
        {
            var page = await (await w.PartnerA.GetAsync(query)).Read<Page<HourEntryResponse>>();
            listed.AddRange(page.Items);
            if (page.NextCursor is null)
            {
                break;
            }
            query = $"/v1/hours?limit=200&placementId={w.PlacementA}&cursor={Uri.EscapeDataString(page.NextCursor)}";
        }

        Assert.Equal(sent.Select(e => (e.ExternalId, e.Date, e.Minutes, e.Description)), answer.Items.Select(e => (e.ExternalId, e.Date, e.Minutes, e.Description)));
        Assert.Equal(answer.Items.Select(e => e.Id).Order(), answer.Items.Select(e => e.Id));
        Assert.Equal(answer.Items.OrderBy(e => e.Id), listed.OrderBy(e => e.Id));
        Assert.Equal(7, Assert.Single(await List(other.PartnerA)).Minutes);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_is_refused_as_bad_json_and_nothing_is_stored()
    {
        var w = await OwnWorld();
        var json = $$"""{"entries":[{"externalId":"lone","placementId":{{w.PlacementA}},"date":"2025-03-03","minutes":5,"description":"x\ud800y"}]}""";

        var response = await w.PartnerA.SendRaw(HttpMethod.Post, "/v1/hours", json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(await List(w.PartnerA));
    }
}
