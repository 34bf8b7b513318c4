using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// A partner key sees its own organisation's hour entries only, whatever it filters on or pages through, and
/// another organisation's placement is, for its hours too, indistinguishable from a missing one.
/// </summary>
public sealed class PartnerHourIsolationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    /// <summary>One volunteer placed at A and B, with entries at both (one of B's approved), reported by each organisation's partner.</summary>
    private async Task<(HoursWorld W, long[] OwnIds, long[] OtherIds)> Reported()
    {
        var w = await Create(api);
        var own = await (await Submit(w.PartnerA, Entry("a-1", w.PlacementA, Day), Entry("a-2", w.PlacementA, Day.PlusDays(1))))
            .Read<HourEntriesResponse>();
        var other = await (await Submit(w.PartnerB, Entry("b-1", w.PlacementB, Day), Entry("b-2", w.PlacementB, Day.PlusDays(1)), Entry("a-1", w.PlacementB, Day.PlusDays(2))))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostAsync($"/v1/hours/{other.Items[0].Id}/approve", null)).Read<HourEntryResponse>();
        return (w, own.Items.Select(i => i.Id).ToArray(), other.Items.Select(i => i.Id).ToArray());
    }

    [Fact]
    public async Task Partner_lists_only_its_own_organisations_hour_entries()
    {
        var (w, ownIds, otherIds) = await Reported();

        var seen = await List(w.PartnerA);

        Assert.All(ownIds, id => Assert.Contains(seen, e => e.Id == id));
        Assert.All(seen, e => Assert.Equal(w.OrgA, e.OrganisationId));
        Assert.DoesNotContain(seen, e => otherIds.Contains(e.Id));
    }

    [Theory]
    [InlineData("organisation")]
    [InlineData("placement")]
    [InlineData("placement and own organisation")]
    public async Task Partner_filtering_hours_by_another_organisation_or_its_placement_gets_an_empty_page(string filter)
    {
        var (w, _, _) = await Reported();
        var query = filter switch
        {
            "organisation" => $"&organisationId={w.OrgB}",
            "placement" => $"&placementId={w.PlacementB}",
            _ => $"&placementId={w.PlacementB}&organisationId={w.OrgA}",
        };

        var page = await (await w.PartnerA.GetAsync("/v1/hours?limit=200" + query)).Read<Page<HourEntryResponse>>();

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("&status=approved")]
    [InlineData("&from=2025-03-03&to=2025-03-05")]
    public async Task Partner_filtering_hours_by_a_shared_volunteer_sees_only_its_own_organisations_entries(string more)
    {
        var (w, ownIds, _) = await Reported();

        var seen = await List(w.PartnerA, $"&volunteerId={w.VolunteerId}{more}");

        // Only B has an approved entry: the status filter must not fall back to another organisation's rows.
        Assert.Equal(more.Contains("approved", StringComparison.Ordinal) ? [] : ownIds, seen.Select(e => e.Id));
    }

    [Fact]
    public async Task Partner_paging_hours_one_by_one_never_reaches_another_organisation()
    {
        var (w, ownIds, _) = await Reported();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await w.PartnerA.GetAsync($"/v1/hours?volunteerId={w.VolunteerId}&limit=1" + (cursor is null ? "" : "&cursor=" + cursor)))
                .Read<Page<HourEntryResponse>>();
            seen.AddRange(page.Items.Select(e => e.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 10);

        Assert.Equal(ownIds, seen);
    }

    [Theory]
    [InlineData("?month=2025-03")]
    [InlineData("?month=2025-02")]
    [InlineData("")]
    [InlineData("?month=maart")]
    public async Task Another_organisations_placement_summary_is_indistinguishable_from_a_missing_one(string query)
    {
        var (w, _, _) = await Reported();

        var other = await w.PartnerA.GetAsync($"/v1/placements/{w.PlacementB}/hours/summary{query}");
        var missing = await w.PartnerA.GetAsync($"/v1/placements/987654321/hours/summary{query}");

        var status = query == "?month=2025-03" || query == "?month=2025-02" ? HttpStatusCode.NotFound : HttpStatusCode.BadRequest;
        var code = status == HttpStatusCode.NotFound ? "not_found" : "validation_failed";
        Assert.Equal(Comparable(await missing.Problem(status, code)), Comparable(await other.Problem(status, code)));
    }

    [Fact]
    public async Task Partner_posting_hours_for_another_organisations_placement_gets_the_answer_for_a_missing_placement()
    {
        var (w, _, otherIds) = await Reported();

        var other = await (await Submit(w.PartnerA, Entry("x-1", w.PlacementA, Day), Entry("b-1", w.PlacementB, Day, 5)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        var missing = await (await Submit(w.PartnerA, Entry("x-1", w.PlacementA, Day), Entry("b-1", 987654321, Day, 5)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries[1].placementId"], other.ErrorFields());
        Assert.Equal(Comparable(missing), Comparable(other));
        // B's entry b-1 keeps its minutes, and A wrote nothing.
        var stored = await List(api.Admin(), $"&volunteerId={w.VolunteerId}");
        Assert.Equal(120, stored.Single(e => e.Id == otherIds[0]).Minutes);
        Assert.DoesNotContain(stored, e => e.ExternalId == "x-1");
    }

    private static string Comparable(JsonObject problem)
    {
        problem.Remove("traceId");
        return problem.ToJsonString();
    }
}
