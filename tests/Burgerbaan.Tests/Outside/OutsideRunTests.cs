using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Outside;

/// <summary>The monthly payout run sees declared outside allowances: it pays only the room they leave and names an excess they caused.</summary>
public sealed class OutsideRunTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_run_pays_what_declarations_leave_and_skips_a_month_they_took_past_its_limit_naming_why()
    {
        var over = await Create(api, rate: 500);
        var full = await Create(api, rate: 500);
        var room = await Create(api, rate: 500);
        foreach (var w in new[] { over, full, room })
        {
            await w.Approved(Entry($"run-{w.VolunteerId}", w.PlacementA, new LocalDate(2025, 3, 3), 600)); // 10 h at 500 = 5,000
        }
        await api.Finance().Declared(over.VolunteerId, OutsideKit.Declaration(3, 25000));
        await api.Finance().Declared(full.VolunteerId, OutsideKit.Declaration(3, 21000));
        await api.Finance().Declared(room.VolunteerId, OutsideKit.Declaration(3, 18000));

        var run = await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3))))
            .Read<PayoutRunResponse>(HttpStatusCode.Created);

        PayoutRunLine Line(HoursWorld w) => run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);
        Assert.Equal(new PayoutRunLine(over.VolunteerId, 600, 5000, 0, 5000, "monthly_cap_exceeded", null, "outside_allowance_over_limit"), Line(over));
        Assert.Equal(new PayoutRunLine(full.VolunteerId, 600, 5000, 0, 5000, "monthly_cap_exceeded", null, "no_headroom"), Line(full));
        Assert.Equal(new PayoutRunLine(room.VolunteerId, 600, 5000, 3000, 2000, "monthly_cap_exceeded", Line(room).PayoutId, null), Line(room));
        var roomMarch = (await api.Finance().Statement(room.VolunteerId)).Months[2];
        Assert.Equal((3000L, 18000L, 21000L, 0L), (roomMarch.SchemeCents, roomMarch.OutsideCents, roomMarch.CountedCents, roomMarch.HeadroomCents));
        Assert.Equal(25000, (await api.Finance().Statement(over.VolunteerId)).Months[2].CountedCents);
    }

    [Fact]
    public async Task A_run_skips_a_year_that_declarations_took_past_its_cap_naming_why_though_the_month_has_room()
    {
        var w = await Create(api, born: new LocalDate(1972, 4, 5), rate: 500, budget: 30000);
        await w.Approved(Entry("year-over", w.PlacementA, new LocalDate(2025, 3, 3), 600)); // 10 h at 500 = 5,000
        await api.Finance().Declared(w.VolunteerId, OutsideKit.Declaration(1, 16000));
        await api.Finance().Declared(w.VolunteerId, OutsideKit.Declaration(2, 16000)); // 32,000 of the year's 30,000; March has none

        // Nothing in March is payable (the other test pays its own volunteers in its own run), so the run is answered, not stored.
        var run = await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3))))
            .Read<PayoutRunResponse>(HttpStatusCode.OK);

        Assert.Null(run.Id);
        Assert.Equal(new PayoutRunLine(w.VolunteerId, 600, 5000, 0, 5000, "allowance_cap_exceeded", null, "outside_allowance_over_limit"),
            run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId));
        Assert.All(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => Assert.Null(h.PayoutId));
        var statement = await api.Finance().Statement(w.VolunteerId);
        Assert.Equal((0L, 0L), (statement.Months[2].SchemeCents, statement.Months[2].CountedCents));
        Assert.Empty(await api.Finance().Payouts(w.VolunteerId));
    }
}
