using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>
/// The headroom read reuses a year's limits for Allowance:LimitsCacheSeconds (30 by default); PUT clears them in this
/// process; a payout always decides on the figures in the database, cached or not.
/// </summary>
public sealed class LimitsCacheTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Headroom_shows_limits_replaced_by_put_at_once()
    {
        var volunteer = await api.Volunteer();
        var admin = api.Admin();
        await (await admin.PutLimits(2026, new PutAllowanceLimitsRequest(210000, 21000, 560, 330))).ReadLimits(HttpStatusCode.Created);
        Assert.Equal((210000L, 21000L), Caps(await api.Finance().Headroom(volunteer.Id, 2026)));

        await (await admin.ReplaceLimits(api, 2026, new PutAllowanceLimitsRequest(220000, 22000, 580, 340))).ReadLimits();

        Assert.Equal((220000L, 22000L), Caps(await api.Finance().Headroom(volunteer.Id, 2026)));
        var (stored, _) = await api.Finance().GetLimits(2026);
        Assert.Equal((220000L, 22000L, 580L, 340L), (stored.AnnualCents, stored.MonthlyCents, stored.HourlyCents, stored.HourlyUnder21Cents));
    }

    [Fact]
    public async Task A_payout_decides_on_the_databases_limits_while_headroom_still_shows_the_cached_ones()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        Assert.Equal((210000L, 21000L), Caps(await finance.Headroom(enrolled.VolunteerId)));

        // As another instance's PUT would: this process's cache does not hear of it.
        await SetMonthly(2025, 10000);

        Assert.Equal(21000, (await finance.Headroom(enrolled.VolunteerId)).Months[4].LimitCents);
        var problem = await (await finance.Post(PayoutKit.Payout(enrolled.VolunteerId, 15000, 5))).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        Assert.Equal(10000, (long?)problem["limitCents"]);
        Assert.Equal(10000, (long?)problem["headroomCents"]);
        Assert.Empty(await finance.Payouts(enrolled.VolunteerId));
        Assert.Equal(new StoredRows(0, 0, 0, 0), await api.StoredFor(enrolled.VolunteerId));

        api.Clock.Advance(Duration.FromSeconds(30));

        var fresh = await finance.Headroom(enrolled.VolunteerId);
        Assert.All(fresh.Months, m => Assert.Equal((10000L, 0L, 10000L), (m.LimitCents, m.CountedCents, m.HeadroomCents)));
        await SetMonthly(2025, 21000);
    }

    private static (long Annual, long Monthly) Caps(AllowanceHeadroomResponse headroom) =>
        (headroom.LegalAnnualLimitCents, headroom.Months[0].LimitCents);

    private async Task SetMonthly(int year, long monthlyCents)
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        Assert.Equal(1, await c.ExecuteAsync("UPDATE allowance_limits SET monthly_cents = @monthlyCents WHERE year = @year", new { year, monthlyCents }));
    }
}
