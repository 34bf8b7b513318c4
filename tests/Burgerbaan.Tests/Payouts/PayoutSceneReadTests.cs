using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Outside;
using Burgerbaan.Tests.Sponsors;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>
/// On SQLite the payout writer reads what the rules need (the volunteer and its running totals, the year's limits, the
/// agreements touching the year, the month's sponsorship) in one statement (<c>PayoutWriter.LoadSqliteAsync</c>). It must
/// give the scene the four statements of <c>PayoutWriter.LoadEachAsync</c> give on the same file, for every shape those
/// reads can take: nothing counted yet, totals and declared outside allowances, two agreements in one month (their
/// order picks the payout's agreement), a sponsorship in the month and none in another, a year without limits, a
/// deactivated volunteer and no volunteer at all.
/// </summary>
public sealed class PayoutSceneReadTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan1 = new(2025, 1, 1), Dec31 = new(2025, 12, 31);

    private async Task<(string One, string Each, PayoutScene? Scene)> Read(long volunteerId, YearMonth period)
    {
        var db = api.Services.GetRequiredService<Db>();
        return await db.WriteAsync(async (c, tx, ct) =>
        {
            var one = await PayoutWriter.LoadSqliteAsync(c, tx, volunteerId, period, ct);
            var each = await PayoutWriter.LoadEachAsync(c, tx, db.Dialect, volunteerId, period, ct);
            return (Text(one), Text(each), one);
        }, CancellationToken.None);
    }

    private static string Text(PayoutScene? s) => s is null
        ? "none"
        : $"{s.VolunteerId} active={s.Active} born={s.Situation.DateOfBirth} limits={s.Situation.Limits} " +
          $"terms=[{string.Join("; ", s.Situation.AgreementsInYear)}] counted={s.Situation.CountedYearCents}/{s.Situation.CountedMonthCents} " +
          $"outside={s.Situation.OutsideYearCents}/{s.Situation.OutsideMonthCents} " +
          $"agreements=[{string.Join("; ", s.Agreements.Select(a => (a.Id, a.StartDate, a.EndDate, a.HourlyRateCents, a.AnnualBudgetCents)))}] funding={s.Funding}";

    [Fact]
    public async Task A_volunteer_with_nothing_counted_reads_alike()
    {
        var enrolled = await api.Enrol(born: new LocalDate(1971, 2, 3));

        var (one, each, scene) = await Read(enrolled.VolunteerId, new YearMonth(2025, 4));

        Assert.Equal(each, one);
        Assert.Equal((0L, 0L, 2025), (scene!.Situation.CountedYearCents, scene.Situation.CountedMonthCents, scene.Situation.Limits!.Year));
        Assert.Equal(new LocalDate(1971, 2, 3), scene.Situation.DateOfBirth);
    }

    [Fact]
    public async Task Running_totals_and_declared_outside_allowances_read_alike()
    {
        var enrolled = await api.Enrol(born: new LocalDate(1972, 3, 4));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 4_000, 5));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_500, 2));
        await api.Finance().Declared(enrolled.VolunteerId, OutsideKit.Declaration(5, 2_500));
        await api.Finance().Declared(enrolled.VolunteerId, OutsideKit.Declaration(2, 1_000));

        var (one, each, scene) = await Read(enrolled.VolunteerId, new YearMonth(2025, 5));

        Assert.Equal(each, one);
        Assert.Equal((9_000L, 6_500L, 3_500L, 2_500L),
            (scene!.Situation.CountedYearCents, scene.Situation.CountedMonthCents, scene.Situation.OutsideYearCents, scene.Situation.OutsideMonthCents));
    }

    [Fact]
    public async Task Two_agreements_in_one_month_read_in_the_same_order()
    {
        var volunteer = await api.Volunteer(born: new LocalDate(1973, 4, 5));
        // Made later, starting earlier: the order is the start date's, not the id's.
        var second = await api.Agreement(volunteer.Id, new LocalDate(2025, 6, 16), Dec31, rate: 400, budget: 150_000);
        var first = await api.Agreement(volunteer.Id, Jan1, new LocalDate(2025, 6, 15), rate: 500);

        var (one, each, scene) = await Read(volunteer.Id, new YearMonth(2025, 6));

        Assert.Equal(each, one);
        Assert.Equal([first.Id, second.Id], scene!.Agreements.Select(a => a.Id));
        Assert.Equal([(long?)500, 400], scene.Situation.AgreementsInYear.Select(a => a.HourlyRateCents));
    }

    [Fact]
    public async Task A_sponsorship_funds_its_months_and_not_others_alike()
    {
        var sponsors = new SponsorWorld(api);
        var sponsorship = await sponsors.CreateSponsorship(await sponsors.CreateSponsor(), 1, Jan1, Dec31, allowancePerPlaceCents: 50_000);
        var enrolled = await api.Enrol(born: new LocalDate(1974, 5, 6));
        await sponsors.Allocate(sponsorship.Id, enrolled.VolunteerId, new LocalDate(2025, 3, 1), new LocalDate(2025, 8, 31));
        await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 3_000, 4));

        var funded = await Read(enrolled.VolunteerId, new YearMonth(2025, 4));
        var unfunded = await Read(enrolled.VolunteerId, new YearMonth(2025, 10));

        Assert.Equal(funded.Each, funded.One);
        Assert.Equal(unfunded.Each, unfunded.One);
        Assert.Equal((sponsorship.Id, 50_000L, 3_000L), (funded.Scene!.Funding!.SponsorshipId, funded.Scene.Funding.BudgetCents, funded.Scene.Funding.DrawnCents));
        Assert.Null(unfunded.Scene!.Funding);
    }

    [Fact]
    public async Task A_year_without_limits_or_agreements_reads_alike()
    {
        var enrolled = await api.Enrol(born: new LocalDate(1975, 6, 7));

        var (one, each, scene) = await Read(enrolled.VolunteerId, new YearMonth(2031, 1));

        Assert.Equal(each, one);
        Assert.Null(scene!.Situation.Limits);
        Assert.Empty(scene.Agreements);
    }

    [Fact]
    public async Task A_deactivated_volunteer_and_no_volunteer_read_alike()
    {
        var enrolled = await api.Enrol(born: new LocalDate(1976, 7, 8));
        var read = await api.Admin().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}");
        (await api.Admin().Patch($"/v1/volunteers/{enrolled.VolunteerId}", new { active = false }, read.Headers.ETag?.Tag)).EnsureSuccessStatusCode();

        var deactivated = await Read(enrolled.VolunteerId, new YearMonth(2025, 3));
        var missing = await Read(enrolled.VolunteerId + 100_000, new YearMonth(2025, 3));

        Assert.Equal(deactivated.Each, deactivated.One);
        Assert.False(deactivated.Scene!.Active);
        Assert.Equal(("none", "none"), (missing.One, missing.Each));
    }
}
