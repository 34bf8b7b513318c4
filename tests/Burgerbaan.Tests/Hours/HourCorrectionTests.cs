using System.Net;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

// Issue 7, part 1: corrections were answered 200 with the new minutes while the row kept the old ones. Every test
// here reads the stored entries back through GET /v1/hours and compares them with what was sent.
public sealed class HourCorrectionTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Day = new(2025, 3, 3);

    private static (string, long, LocalDate, int, string?) Content(HourEntryResponse e) => (e.ExternalId, e.PlacementId, e.Date, e.Minutes, e.Description);

    private static (string, long, LocalDate, int, string?) Content(HourEntryInput e) =>
        (e.ExternalId, e.PlacementId, e.Date, e.Minutes, string.IsNullOrEmpty(e.Description) ? null : e.Description);

    private async Task<int> StoredMinutes(long volunteerId, LocalDate day) =>
        (await List(api.Admin(), $"&volunteerId={volunteerId}&from={day:yyyy-MM-dd}&to={day:yyyy-MM-dd}")).Sum(e => e.Minutes);

    [Fact]
    public async Task A_correction_of_minutes_date_placement_and_description_is_stored_as_answered()
    {
        var w = await Create(api);
        var other = await Create(api);
        // Another volunteer's placement at the same organisation: moving an entry there moves it to that volunteer.
        var theirs = await Place(api, other.VolunteerId, w.OrgA);
        var second = await Place(api, w.VolunteerId, w.OrgA);
        var first = await (await Submit(w.PartnerA, Entry("m", w.PlacementA, Day, 60), Entry("d", w.PlacementA, Day, 60, "Koffie"),
            Entry("p", w.PlacementA, Day, 60), Entry("v", w.PlacementA, Day, 60), Entry("t", w.PlacementA, Day, 60, "Koffie"),
            Entry("same", w.PlacementA, Day, 60, "Thee"))).Read<HourEntriesResponse>();
        HourEntryInput[] corrections =
        [
            Entry("m", w.PlacementA, Day, 75), Entry("d", w.PlacementA, Day.PlusDays(-2), 60, "Koffie"), Entry("p", second, Day, 60),
            Entry("v", theirs, Day, 60), Entry("t", w.PlacementA, Day, 60, ""), Entry("same", w.PlacementA, Day, 60, "Thee"),
            Entry("new", w.PlacementA, Day, 5, "Nieuw"),
        ];

        var answer = await (await Submit(w.PartnerA, corrections)).Read<HourEntriesResponse>();

        var stored = (await List(w.PartnerA)).ToDictionary(e => e.ExternalId);
        Assert.Equal(corrections.Select(Content), answer.Items.Select(Content));
        Assert.Equal(corrections.Select(Content), corrections.Select(c => Content(stored[c.ExternalId])));
        Assert.Equal(answer.Items, corrections.Select(c => stored[c.ExternalId]));
        Assert.Equal(first.Items.Select(i => i.Id), answer.Items.Take(6).Select(i => i.Id));
        Assert.Equal(other.VolunteerId, stored["v"].VolunteerId);
        Assert.All(stored.Values, e => Assert.Equal((HourStatus.Submitted, w.OrgA), (e.Status, e.OrganisationId)));
        Assert.Equal(60 + 75 + 60 + 60 + 5, await StoredMinutes(w.VolunteerId, Day));
    }

    [Fact]
    public async Task The_day_total_holds_in_storage_after_corrections_across_organisations()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 1000))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b", w.PlacementB, Day, 440))).Read<HourEntriesResponse>();

        // Lowering A's entry makes room that B may then use: both corrections must be stored for the total to stay within 24 hours.
        await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 500))).Read<HourEntriesResponse>();
        await (await Submit(w.PartnerB, Entry("b", w.PlacementB, Day, 940))).Read<HourEntriesResponse>();
        var over = await (await Submit(w.PartnerA, Entry("a", w.PlacementA, Day, 501))).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["entries[0].minutes"], over.ErrorFields());
        Assert.Equal(1440, await StoredMinutes(w.VolunteerId, Day));
        Assert.Equal([("a", 500), ("b", 940)], (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Select(e => (e.ExternalId, e.Minutes)));
    }

    [Fact]
    public async Task An_entry_approved_between_planning_and_writing_fails_the_whole_request_and_nothing_is_written()
    {
        var w = await Create(api);
        var entry = (await (await Submit(w.PartnerA, Entry("race", w.PlacementA, Day, 60))).Read<HourEntriesResponse>()).Items[0];
        var db = api.Services.GetRequiredService<Db>();
        var before = await db.WriteAsync((c, tx, ct) => HourIngestion.Stored(c, tx, db.Dialect, [(w.OrgA, "race")], ct), default);
        await (await api.Admin().PostAsync($"/v1/hours/{entry.Id}/approve", null)).Read<HourEntryResponse>();
        var placements = new Dictionary<long, HourSql.PlacementRow>
        {
            [w.PlacementA] = new() { Id = w.PlacementA, OrganisationId = w.OrgA, VolunteerId = w.VolunteerId, StartDate = new LocalDate(2024, 1, 1) },
        };
        // The plan was made from the entry as it was before the approval: an update of a submitted entry.
        var steps = HourPlan.Plan([Entry("race", w.PlacementA, Day, 90), Entry("fresh", w.PlacementA, Day, 30)], placements, before);
        Assert.Equal([HourPlan.Kind.Update, HourPlan.Kind.Insert], steps.Select(s => s.Kind));

        var refused = await Assert.ThrowsAsync<ApiProblemException>(() =>
            db.WriteAsync((c, tx, ct) => HourWrite.WriteAsync(c, tx, db.Dialect, steps, api.Clock.GetCurrentInstant(), ct), default).AsTask());

        Assert.Equal((409, "hour_entry_locked", "These entries were approved, rejected, paid or changed while this request ran; nothing was written."),
            (refused.Status, refused.Code, refused.Message));
        Assert.Equal(["race"], (IEnumerable<string>)refused.Extensions["externalIds"]!);
        var stored = Assert.Single(await List(w.PartnerA));
        Assert.Equal((entry.Id, 60, HourStatus.Approved), (stored.Id, stored.Minutes, stored.Status));
    }

    [Fact]
    public async Task A_payout_run_after_a_correction_pays_the_corrected_minutes()
    {
        var w = await Create(api);
        await (await Submit(w.PartnerA, Entry("c1", w.PlacementA, Day, 1200), Entry("c2", w.PlacementA, Day.PlusDays(1), 600))).Read<HourEntriesResponse>();
        var corrected = await (await Submit(w.PartnerA, Entry("c1", w.PlacementA, Day, 300), Entry("c2", w.PlacementA, Day.PlusDays(1), 600)))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(corrected.Items.Select(i => i.Id).ToList()))).Read<HourEntriesResponse>();

        var run = await (await api.Client(ApiRole.Finance).PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3))))
            .Read<PayoutRunResponse>(HttpStatusCode.Created);

        var line = run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);
        Assert.Equal((900, 900 * 500 / 60L, 900 * 500 / 60L), (line.Minutes, line.GrossCents, line.PaidCents));
        var payout = await (await api.Admin().GetAsync($"/v1/payouts/{line.PayoutId}")).Read<PayoutResponse>();
        Assert.Equal((w.VolunteerId, PayoutKind.Allowance, 7_500L, new YearMonth(2025, 3)), (payout.VolunteerId, payout.Kind, payout.AmountCents, payout.Period));
        Assert.Equal([("c1", 300, payout.Id, HourStatus.Paid), ("c2", 600, payout.Id, HourStatus.Paid)],
            (await List(w.PartnerA)).Select(e => (e.ExternalId, e.Minutes, e.PayoutId!.Value, e.Status)));
    }
}
