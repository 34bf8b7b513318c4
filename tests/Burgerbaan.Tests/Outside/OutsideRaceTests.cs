using System.Net;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Burgerbaan.Tests.Outside;

/// <summary>
/// Payouts and a declaration racing for one month: the scheme never takes a total past the cap, and the declaration is flagged
/// exactly when it is the one that did. The running totals' conditional update refuses a payout into room a declaration took.
/// </summary>
public sealed class OutsideRaceTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const long Monthly = 21000;

    [Fact]
    public Task Concurrent_payouts_and_a_declaration_in_one_month_never_let_the_scheme_take_the_total_past_the_cap() => OutsideRaceScenario.Race(api);

    [Fact]
    public async Task The_running_totals_refuse_a_payout_into_room_a_declaration_took_even_past_the_rules()
    {
        var enrolled = await api.Enrol();
        await api.Finance().Declared(enrolled.VolunteerId, OutsideKit.Declaration(7, 16000));
        var db = api.Services.GetRequiredService<Db>();

        // As PayoutWriter.BookAsync calls it, with figures read before the declaration: 6000 would fit the scheme's own total (0).
        var added = await TryAdd(db, enrolled.VolunteerId, 6000);
        var fits = await TryAdd(db, enrolled.VolunteerId, 5000);

        Assert.False(added);
        Assert.True(fits);
        var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
        Assert.Equal((21000L, 21000L), (headroom.MonthCounted(7), headroom.CountedCents));
    }

    /// <summary>A false refuses the unit, as in BookAsync, which rolls back whatever the call moved (the year row on SQLite).</summary>
    private static async Task<bool> TryAdd(Db db, long volunteerId, long amount)
    {
        try
        {
            return await db.WriteAsync(async (c, tx, ct) =>
                await PayoutSql.TryAdd(c, tx, db.Dialect, volunteerId, new YearMonth(2025, 7), amount, 210000, Monthly, ct) ? true : throw new OverCap(),
                CancellationToken.None);
        }
        catch (OverCap)
        {
            return false;
        }
    }

    private sealed class OverCap : Exception;
}
