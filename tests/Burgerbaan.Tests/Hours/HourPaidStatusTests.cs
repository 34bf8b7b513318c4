using System.Net;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Dapper;
using Microsoft.Data.Sqlite;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

// Issue 7, part 5: an approved entry is paid while a payout that counts (pending, approved or paid) pays for it; an
// entry whose payout was cancelled or rejected is approved again. Responses, the status filter and the placement
// summary all say so, and each entry counts under exactly one status.
public sealed class HourPaidStatusTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    private async Task<PayoutResponse> PayFor(HoursWorld w, params long[] hourIds) =>
        await (await api.Finance().PostJson("/v1/payouts",
            new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 1, new YearMonth(2025, 3), HourEntryIds: hourIds))).Read<PayoutResponse>(HttpStatusCode.Created);

    private async Task Act(long payoutId, string action, string? reason = null) =>
        await (await api.Admin().Act(payoutId, action, reason: reason)).Read<PayoutResponse>();

    /// <summary>Entries in every state: two paid (pending and paid payouts), three approved (unpaid, cancelled and rejected payouts), one submitted, one rejected.</summary>
    private async Task<HoursWorld> EveryState()
    {
        var w = await Create(api);
        var approved = (await w.Approved(Entry("pending", w.PlacementA, Day, 10), Entry("cancelled", w.PlacementA, Day, 20),
            Entry("rejected-payout", w.PlacementA, Day, 40), Entry("paid", w.PlacementA, Day, 80), Entry("unpaid", w.PlacementA, Day, 160, "Koffie schenken")))
            .ToDictionary(e => e.ExternalId, e => e.Id);
        var submitted = (await (await Submit(w.PartnerA, Entry("submitted", w.PlacementA, Day, 320), Entry("rejected", w.PlacementA, Day, 640)))
            .Read<HourEntriesResponse>()).Items;
        await (await api.Admin().PostJson($"/v1/hours/{submitted[1].Id}/reject", new RejectHoursRequest("dubbel"))).Read<HourEntryResponse>();
        await PayFor(w, approved["pending"]);
        await Act((await PayFor(w, approved["cancelled"])).Id, "cancel");
        await Act((await PayFor(w, approved["rejected-payout"])).Id, "reject", "Wrong month");
        var paid = await PayFor(w, approved["paid"]);
        await Act(paid.Id, "approve");
        await Act(paid.Id, "mark-paid");
        return w;
    }

    [Fact]
    public async Task The_list_pages_typed_row_reader_reads_every_column_as_Dapper_and_the_type_handlers_do()
    {
        var w = await EveryState();
        var criteria = new HourEndpoints.ListCriteria(null, null, w.VolunteerId, null, null, null);
        var sql = criteria.Sql(new SqlDialect(DatabaseProvider.Sqlite));
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();

        var byDapper = (await c.QueryAsync<HourSql.Row>(sql, criteria.Args(0, 100))).ToList();
        var typed = await RowReader.ListAsync(c, new CommandDefinition(sql, criteria.Args(0, 100)), HourSql.Row.Read);

        // Every state, so every nullable column is read both null and set (description, reject reason, payout) and Paid both ways.
        Assert.Equal(7, byDapper.Count);
        Assert.Contains(byDapper, r => r.RejectReason is not null);
        Assert.Contains(byDapper, r => r.PayoutId is not null && r.Paid == 1);
        Assert.Contains(byDapper, r => r.Description is null);
        Assert.Contains(byDapper, r => r.Description == "Koffie schenken");
        Assert.Equal(byDapper.Select(Columns), typed.Select(Columns));
    }

    private static object Columns(HourSql.Row r) =>
        (r.Paid, r.Id, r.ExternalId, r.PlacementId, r.OrganisationId, r.VolunteerId, r.Date, r.Minutes, r.Description, r.Status, r.RejectReason, r.PayoutId, r.Version);

    [Fact]
    public async Task An_entry_is_paid_while_a_counted_payout_pays_for_it_and_approved_again_once_that_payout_is_cancelled_or_rejected()
    {
        var w = await EveryState();

        var stored = (await List(w.PartnerA)).ToDictionary(e => e.ExternalId, e => (e.Status, e.PayoutId is not null));

        Assert.Equal(new Dictionary<string, (HourStatus, bool)>
        {
            ["pending"] = (HourStatus.Paid, true),
            ["cancelled"] = (HourStatus.Approved, false),
            ["rejected-payout"] = (HourStatus.Approved, false),
            ["paid"] = (HourStatus.Paid, true),
            ["unpaid"] = (HourStatus.Approved, false),
            ["submitted"] = (HourStatus.Submitted, false),
            ["rejected"] = (HourStatus.Rejected, false),
        }, stored);
    }

    [Theory]
    [InlineData("paid", new[] { "pending", "paid" })]
    [InlineData("approved", new[] { "cancelled", "rejected-payout", "unpaid" })]
    [InlineData("submitted", new[] { "submitted" })]
    [InlineData("rejected", new[] { "rejected" })]
    public async Task The_status_filter_knows_paid_and_approved_means_not_paid(string status, string[] expected)
    {
        var w = await EveryState();

        var listed = await List(w.PartnerA, $"&status={status}");

        Assert.Equal(expected, listed.Select(e => e.ExternalId));
        Assert.All(listed, e => Assert.Equal(status, e.Status.ToString().ToLowerInvariant()));
    }

    [Fact]
    public async Task The_placement_summary_counts_each_entry_under_one_status()
    {
        var w = await EveryState();

        var summary = await (await w.PartnerA.GetAsync($"/v1/placements/{w.PlacementA}/hours/summary?month=2025-03")).Read<HoursSummaryResponse>();

        Assert.Equal(new HoursSummaryResponse(w.PlacementA, new YearMonth(2025, 3), 320, 20 + 40 + 160, 640, 10 + 80), summary);
    }

    [Fact]
    public async Task Sending_a_paid_entry_again_unchanged_answers_it_as_paid_and_a_change_is_locked()
    {
        var w = await EveryState();

        var again = await (await Submit(w.PartnerA, Entry("paid", w.PlacementA, Day, 80))).Read<HourEntriesResponse>();
        var changed = await (await Submit(w.PartnerA, Entry("paid", w.PlacementA, Day, 81))).Problem(HttpStatusCode.Conflict, "hour_entry_locked");

        Assert.Equal(HourStatus.Paid, again.Items.Single().Status);
        Assert.Equal(["paid"], changed["externalIds"]!.AsArray().Select(n => (string)n!));
        Assert.Equal((HourStatus.Paid, 80), (await List(w.PartnerA, "&status=paid")).Where(e => e.ExternalId == "paid").Select(e => (e.Status, e.Minutes)).Single());
    }

    [Fact]
    public async Task An_unknown_status_names_the_allowed_values_including_paid()
    {
        var problem = await (await api.Admin().GetAsync("/v1/hours?status=betaald")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["status"], problem.ErrorFields());
        Assert.Contains("paid", (string)problem["errors"]!["status"]![0]!, StringComparison.Ordinal);
    }
}
