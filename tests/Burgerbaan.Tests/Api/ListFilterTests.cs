using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Api;

/// <summary>
/// What the list filters answer, through the API, for data written through the API: each filter and the
/// combinations in use select exactly their rows, in id order, and a cursor continues within the filter. Pins the
/// behaviour the WHERE-from-given-filters statements (ListQueryPlanTests holds their plans) must keep.
/// </summary>
public sealed class ListFilterTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Theory]
    [InlineData("volunteer&from=2025-03-01&to=2025-03-09", new[] { "a-mar1", "b-mar5" })]
    [InlineData("volunteer&from=2025-03-02", new[] { "a-mar10", "b-mar5" })]
    [InlineData("volunteer&to=2025-02-28", new[] { "a-feb1" })]
    [InlineData("orgB", new[] { "b-mar5" })]
    [InlineData("orgA&status=submitted", new[] { "a-mar1", "a-mar10", "a-feb1" })]
    [InlineData("orgA&status=approved", new string[0])]
    [InlineData("placementA&from=2025-03-01", new[] { "a-mar1", "a-mar10" })]
    public async Task Hours_filters_select_exactly_their_entries(string query, string[] expected)
    {
        var w = await HoursWorld.Create(api);
        await (await HoursWorld.Submit(w.PartnerA, HoursWorld.Entry("a-mar1", w.PlacementA, new LocalDate(2025, 3, 1)),
            HoursWorld.Entry("a-mar10", w.PlacementA, new LocalDate(2025, 3, 10)), HoursWorld.Entry("a-feb1", w.PlacementA, new LocalDate(2025, 2, 1))))
            .Read<HourEntriesResponse>();
        await (await HoursWorld.Submit(w.PartnerB, HoursWorld.Entry("b-mar5", w.PlacementB, new LocalDate(2025, 3, 5)))).Read<HourEntriesResponse>();
        var filter = query.Replace("volunteer", $"volunteerId={w.VolunteerId}", StringComparison.Ordinal)
            .Replace("orgA", $"organisationId={w.OrgA}", StringComparison.Ordinal)
            .Replace("orgB", $"organisationId={w.OrgB}", StringComparison.Ordinal)
            .Replace("placementA", $"placementId={w.PlacementA}", StringComparison.Ordinal);

        var listed = await Pages<HourEntryResponse>(api.Admin(), "/v1/hours?" + filter);

        Assert.Equal(expected, listed.Select(e => e.ExternalId));
        Assert.Equal(listed.Select(e => e.Id).Order(), listed.Select(e => e.Id));
    }

    [Fact]
    public async Task A_partner_lists_its_own_approval_queue_page_by_page()
    {
        var w = await HoursWorld.Create(api);
        await (await HoursWorld.Submit(w.PartnerA, HoursWorld.Entry("q1", w.PlacementA, new LocalDate(2025, 3, 3)),
            HoursWorld.Entry("q2", w.PlacementA, new LocalDate(2025, 3, 4)))).Read<HourEntriesResponse>();
        await (await HoursWorld.Submit(w.PartnerB, HoursWorld.Entry("other", w.PlacementB, new LocalDate(2025, 3, 4)))).Read<HourEntriesResponse>();

        var queue = await Pages<HourEntryResponse>(w.PartnerA, "/v1/hours?status=submitted");

        Assert.Equal(["q1", "q2"], queue.Select(e => e.ExternalId));
        Assert.All(queue, e => Assert.Equal((w.OrgA, HourStatus.Submitted), (e.OrganisationId, e.Status)));
    }

    [Theory]
    [InlineData("&from=2025-03&to=2025-03", new[] { "travel-03", "gift-03" })]
    [InlineData("&from=2025-02&to=2025-05", new[] { "travel-03", "gift-03", "expense-05" })]
    [InlineData("&from=2025-03", new[] { "travel-03", "gift-03", "expense-05" })]
    [InlineData("&to=2025-01", new[] { "travel-01" })]
    [InlineData("&kind=travel", new[] { "travel-01", "travel-03" })]
    [InlineData("&status=pending&kind=gift", new[] { "gift-03" })]
    [InlineData("&status=paid", new string[0])]
    [InlineData("&status=pending&from=2025-03&to=2025-03&kind=travel", new[] { "travel-03" })]
    public async Task Payout_filters_select_exactly_their_payouts(string query, string[] expected)
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var made = new Dictionary<long, string>();
        foreach (var (kind, month) in new[] { (PayoutKind.Travel, 1), (PayoutKind.Travel, 3), (PayoutKind.Gift, 3), (PayoutKind.Expense, 5) })
        {
            var payout = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 100, month, kind, receipt: kind == PayoutKind.Expense ? "R-1" : null));
            made[payout.Id] = $"{kind.ToString().ToLowerInvariant()}-{month:00}";
        }

        var listed = await Pages<PayoutResponse>(finance, $"/v1/payouts?volunteerId={enrolled.VolunteerId}{query}");

        Assert.Equal(expected, listed.Select(p => made[p.Id]));
        Assert.Equal(listed.Select(p => p.Id).Order(), listed.Select(p => p.Id));
    }

    /// <summary>Every page with limit=1, so each filter is also read through its cursor pages.</summary>
    private static async Task<List<T>> Pages<T>(HttpClient client, string url)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync(url + "&limit=1" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .Read<Page<T>>(HttpStatusCode.OK);
            Assert.True(page.Items.Count <= 1);
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
