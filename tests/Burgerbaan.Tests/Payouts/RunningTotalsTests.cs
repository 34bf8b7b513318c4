using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>
/// The race backstop under the rules: <see cref="PayoutSql.TryAdd"/> moves a running total only while it stays
/// within its cap (on SQLite one upsert per row). The rules refuse first inside the transaction, so the API never
/// reaches a false here; these call it directly inside a write unit and read the totals back through the headroom endpoint.
/// </summary>
public sealed class RunningTotalsTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    /// <summary>As <see cref="PayoutWriter.BookAsync"/> uses it: a false refuses the unit, which rolls back whatever the call moved.</summary>
    private async Task<bool> TryAdd(long volunteerId, int month, long amount, long annualCap, long monthlyCap)
    {
        var db = api.Services.GetRequiredService<Db>();
        try
        {
            return await db.WriteAsync(async (c, tx, ct) =>
                await PayoutSql.TryAdd(c, tx, db.Dialect, volunteerId, new YearMonth(2025, month), amount, annualCap, monthlyCap, ct)
                    ? true
                    : throw new OverCap(), CancellationToken.None);
        }
        catch (OverCap)
        {
            return false;
        }
    }

    private sealed class OverCap : Exception;

    [Fact]
    public async Task A_first_amount_within_both_caps_starts_both_totals_and_one_past_a_cap_starts_none()
    {
        var enrolled = await api.Enrol();

        Assert.True(await TryAdd(enrolled.VolunteerId, 3, 500, annualCap: 1000, monthlyCap: 600));
        Assert.False(await TryAdd(enrolled.VolunteerId, 4, 700, annualCap: 1000, monthlyCap: 600));
        Assert.False(await TryAdd(enrolled.VolunteerId, 5, 600, annualCap: 1000, monthlyCap: 600));

        var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
        Assert.Equal((500L, 500L, 0L, 0L), (headroom.CountedCents, headroom.MonthCounted(3), headroom.MonthCounted(4), headroom.MonthCounted(5)));
    }

    [Fact]
    public async Task Existing_totals_grow_up_to_their_caps_exactly_and_not_a_cent_past_them()
    {
        var enrolled = await api.Enrol();
        Assert.True(await TryAdd(enrolled.VolunteerId, 1, 400, annualCap: 1000, monthlyCap: 600));
        Assert.True(await TryAdd(enrolled.VolunteerId, 2, 400, annualCap: 1000, monthlyCap: 600));

        Assert.False(await TryAdd(enrolled.VolunteerId, 1, 201, annualCap: 1000, monthlyCap: 600));
        Assert.True(await TryAdd(enrolled.VolunteerId, 1, 200, annualCap: 1000, monthlyCap: 600));
        Assert.False(await TryAdd(enrolled.VolunteerId, 3, 1, annualCap: 1000, monthlyCap: 600));

        var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
        Assert.Equal((1000L, 600L, 400L, 0L), (headroom.CountedCents, headroom.MonthCounted(1), headroom.MonthCounted(2), headroom.MonthCounted(3)));
    }

    [Fact]
    public async Task A_month_past_its_cap_refuses_even_when_the_year_fits_and_the_year_total_stays_as_it_was()
    {
        var enrolled = await api.Enrol();
        Assert.True(await TryAdd(enrolled.VolunteerId, 6, 600, annualCap: 1000, monthlyCap: 600));

        Assert.False(await TryAdd(enrolled.VolunteerId, 6, 1, annualCap: 1000, monthlyCap: 600));
        Assert.False(await TryAdd(enrolled.VolunteerId, 7, 601, annualCap: 5000, monthlyCap: 600));

        var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
        Assert.Equal((600L, 600L, 0L), (headroom.CountedCents, headroom.MonthCounted(6), headroom.MonthCounted(7)));
    }
}
