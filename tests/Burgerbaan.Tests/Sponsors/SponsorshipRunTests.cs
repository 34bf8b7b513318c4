using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>The payout run draws on sponsorships per volunteer, in volunteer order, and its report says which sponsorship paid.</summary>
public sealed class SponsorshipRunTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly YearMonth March = new(2025, 3);

    private async Task<HoursWorld> TenHours()
    {
        var w = await Create(api);
        await w.Approved(Enumerable.Range(0, 2).Select(i => Entry($"h{i}", w.PlacementA, new LocalDate(2025, 3, 3).PlusDays(i), 300)).ToArray());
        return w;
    }

    [Fact]
    public async Task A_run_draws_each_allocated_volunteer_on_the_sponsorship_and_skips_the_one_the_budget_no_longer_covers()
    {
        var sponsors = new SponsorWorld(api);
        var sponsor = await sponsors.CreateSponsor();
        // Three places at 4,000 a year over 2025: a budget of 12,000, two runs of 5,000 fit and a third does not.
        var sponsorship = await sponsors.CreateSponsorship(sponsor, 3, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), allowancePerPlaceCents: 4_000);
        var (a, b, c, own) = (await TenHours(), await TenHours(), await TenHours(), await TenHours());
        foreach (var w in new[] { a, b, c })
        {
            await sponsors.Allocate(sponsorship.Id, w.VolunteerId, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        }

        var run = await (await api.Finance().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(March))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        var stored = await (await api.Finance().GetAsync($"/v1/payout-runs/{run.Id}")).Read<PayoutRunResponse>();
        PayoutRunLine Line(HoursWorld w) => stored.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);
        Assert.Equal(new PayoutRunLine(a.VolunteerId, 600, 5_000, 5_000, 0, null, Line(a).PayoutId, null, sponsorship.Id), Line(a));
        Assert.Equal(new PayoutRunLine(b.VolunteerId, 600, 5_000, 5_000, 0, null, Line(b).PayoutId, null, sponsorship.Id), Line(b));
        Assert.Equal(new PayoutRunLine(c.VolunteerId, 600, 5_000, 0, 5_000, null, null, "sponsorship_budget_exceeded", sponsorship.Id), Line(c));
        Assert.Equal(new PayoutRunLine(own.VolunteerId, 600, 5_000, 5_000, 0, null, Line(own).PayoutId, null, null), Line(own));
        Assert.Equal((3, 15_000L), (stored.PayoutCount, stored.PaidCents));
        foreach (var (w, expected) in new[] { (a, (long?)sponsorship.Id), (b, sponsorship.Id), (own, null) })
        {
            Assert.Equal(expected, (await (await api.Finance().GetAsync($"/v1/payouts/{Line(w).PayoutId}")).Read<PayoutResponse>()).SponsorshipId);
        }
        Assert.Empty(await api.Finance().Payouts(c.VolunteerId));
        Assert.All(await List(api.Admin(), $"&volunteerId={c.VolunteerId}"), h => Assert.Null(h.PayoutId));
        var left = await (await api.Finance().Post(PayoutKit.Payout(c.VolunteerId, 2_001, 4, PayoutKind.Gift)))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_budget_exceeded");
        Assert.Equal(2_000, (long)left["headroomCents"]!);
    }
}
