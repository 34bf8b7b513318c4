using Burgerbaan.Contracts;
using Burgerbaan.Tests.Exports;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>GET /v1/hours as the cooperative reads it: the organisation and placement filters, paging and bad dates.</summary>
public sealed class HourListTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 5);

    [Fact]
    public async Task An_admin_filtering_by_organisation_sees_only_that_organisations_entries()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("a1", w.PlacementA, Day), Entry("a2", w.PlacementA, Day.PlusDays(1)))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b1", w.PlacementB, Day))).Read<HourEntriesResponse>();

        var both = await List(api.Admin(), $"&volunteerId={w.VolunteerId}");
        var onlyA = await List(api.Admin(), $"&organisationId={w.OrgA}");
        var onlyB = await List(api.Admin(), $"&organisationId={w.OrgB}");

        Assert.Equal(["a1", "a2", "b1"], both.Select(e => e.ExternalId));
        Assert.Equal([("a1", w.OrgA), ("a2", w.OrgA)], onlyA.Select(e => (e.ExternalId, e.OrganisationId)));
        Assert.Equal([("b1", w.OrgB)], onlyB.Select(e => (e.ExternalId, e.OrganisationId)));
    }

    [Fact]
    public async Task The_placement_filter_selects_that_placements_entries_only()
    {
        var w = await Create(api);
        // A second placement at the same organisation: the filter must tell placements apart, not organisations.
        var second = await Place(api, w.VolunteerId, w.OrgA);
        await (await Submit(w.PartnerA, Entry("p1", w.PlacementA, Day), Entry("q1", second, Day.PlusDays(1)), Entry("p2", w.PlacementA, Day.PlusDays(2))))
            .Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b1", w.PlacementB, Day))).Read<HourEntriesResponse>();

        var first = await List(api.Admin(), $"&placementId={w.PlacementA}");
        var other = await List(w.PartnerA, $"&placementId={second}");

        Assert.Equal([("p1", w.PlacementA), ("p2", w.PlacementA)], first.Select(e => (e.ExternalId, e.PlacementId)));
        Assert.Equal([("q1", second)], other.Select(e => (e.ExternalId, e.PlacementId)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public async Task Paging_gives_full_pages_of_limit_entries_and_every_entry_exactly_once(int limit)
    {
        var w = await Create(api);
        var submitted = await (await Submit(w.PartnerA, Enumerable.Range(0, 5).Select(i => Entry($"e{i}", w.PlacementA, Day.PlusDays(i % 3), 30)).ToArray()))
            .Read<HourEntriesResponse>();

        var pages = new List<Page<HourEntryResponse>>();
        string? cursor = null;
        do
        {
            var page = await (await api.Admin().GetAsync($"/v1/hours?volunteerId={w.VolunteerId}&limit={limit}" +
                (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).Read<Page<HourEntryResponse>>();
            pages.Add(page);
            cursor = page.NextCursor;
        }
        while (cursor is not null && pages.Count < 10);

        // 5 entries: every page but the last is full, and the last says there is no more.
        var expectedSizes = Enumerable.Range(0, (5 + limit - 1) / limit).Select(i => Math.Min(limit, 5 - i * limit));
        Assert.Equal(expectedSizes, pages.Select(p => p.Items.Count));
        Assert.All(pages.SkipLast(1), p => Assert.NotNull(p.NextCursor));
        Assert.Null(pages[^1].NextCursor);
        Assert.Equal(submitted.Items.Select(e => e.Id).Order(), pages.SelectMany(p => p.Items).Select(e => e.Id));
        Assert.Equal(submitted.Items.Select(e => e.Id).Order(), (await api.Admin().AllPages<HourEntryResponse>($"/v1/hours?volunteerId={w.VolunteerId}", 1))
            .Select(e => e.Id));
    }

    [Theory]
    [InlineData("from=2025-02-30", "from")]
    [InlineData("from=5-3-2025", "from")]
    [InlineData("to=2025-13-01", "to")]
    [InlineData("to=14-03-2025", "to")]
    [InlineData("from=2025-03-01&to=maart", "to")]
    public async Task A_bad_from_or_to_date_is_refused_naming_the_field(string query, string field)
    {
        var response = await api.Admin().GetAsync("/v1/hours?" + query);

        await response.Invalid(field);
    }
}
