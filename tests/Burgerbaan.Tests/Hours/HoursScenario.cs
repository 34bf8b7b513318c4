using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Hours;

/// <summary>The hours path end to end, written once and run on SQLite and (when configured) on SQL Server.</summary>
public static class HoursScenario
{
    public static async Task SubmitApproveRunAndPayOnce(BurgerbaanApiFactory api)
    {
        var w = await HoursWorld.Create(api, born: new LocalDate(2004, 3, 6));
        var entries = new[]
        {
            HoursWorld.Entry("d5", w.PlacementA, new LocalDate(2025, 3, 5), 600),
            HoursWorld.Entry("d6", w.PlacementA, new LocalDate(2025, 3, 6), 600),
        };
        var first = await (await HoursWorld.Submit(w.PartnerA, entries)).Read<HourEntriesResponse>();
        var again = await (await HoursWorld.Submit(w.PartnerA, entries)).Read<HourEntriesResponse>();
        Assert.Equal(first.Items.Select(i => i.Id), again.Items.Select(i => i.Id));
        var over = await HoursWorld.Submit(w.PartnerB, HoursWorld.Entry("b", w.PlacementB, new LocalDate(2025, 3, 5), 841));
        await over.Problem(HttpStatusCode.BadRequest, "validation_failed");

        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(first.Items.Select(i => i.Id).ToList()))).Read<HourEntriesResponse>();
        var run = await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3)))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        // 600 min at the under-21 rate (330, capped by the agreed 500) and 600 min at min(500, 560).
        var line = Assert.Single(run.Volunteers);
        Assert.Equal((1200, (600 * 330 + 600 * 500) / 60L), (line.Minutes, line.GrossCents));
        var twice = await api.Admin().PostJson("/v1/payouts",
            new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 100, new YearMonth(2025, 3), HourEntryIds: [first.Items[0].Id]));
        await twice.Problem(HttpStatusCode.UnprocessableEntity, "hour_entry_already_paid");
        var headroom = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}/allowance/2025")).Read<AllowanceHeadroomResponse>();
        Assert.Equal(line.PaidCents, headroom.Months[2].CountedCents);
        var again2 = await (await api.Admin().GetAsync($"/v1/payout-runs/{run.Id}")).Read<PayoutRunResponse>();
        Assert.Equal(run.Volunteers, again2.Volunteers);
    }
}

public sealed class HoursScenarioTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public Task Hours_are_upserted_approved_paid_once_and_run() => HoursScenario.SubmitApproveRunAndPayOnce(api);
}
