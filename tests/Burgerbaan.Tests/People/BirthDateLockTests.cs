using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;
using static Burgerbaan.Tests.People.PeopleKit;

namespace Burgerbaan.Tests.People;

/// <summary>A date of birth that would change the hourly maximum of hours already paid waits until the payout is cancelled.</summary>
public sealed class BirthDateLockTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly YearMonth March = new(2025, 3);

    private async Task<PayoutResponse> PayHours(HoursWorld w, long amount, params (string Id, LocalDate Date)[] days)
    {
        var hours = await w.Approved(days.Select(d => Entry(d.Id, w.PlacementA, d.Date, 120)).ToArray());
        return await api.Finance().Pay(new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, amount, March, HourEntryIds: hours.Select(h => h.Id).ToList()));
    }

    [Fact]
    public async Task A_birth_date_that_changes_the_hourly_maximum_of_paid_hours_is_refused_until_the_payout_is_cancelled()
    {
        // Born 2004-03-06: 20 on 5 March 2025, 21 on 6 March. Born a day earlier, 5 March would pay at the 21+ rate.
        var w = await Create(api, born: new LocalDate(2004, 3, 6));
        var payout = await PayHours(w, 500, ("a", new LocalDate(2025, 3, 5)), ("b", new LocalDate(2025, 3, 6)));
        var before = await api.GetVolunteer(w.VolunteerId);

        var problem = await (await api.PatchVolunteer(w.VolunteerId, new { dateOfBirth = "2004-03-05" })).Problem(HttpStatusCode.Conflict, "date_of_birth_locked");

        Assert.Equal([payout.Id], problem["payoutIds"].Ids());
        Assert.Equal($"The new date of birth changes the legal hourly maximum of hours already paid by payout {payout.Id}; cancel (or reject) the payout first.",
            (string?)problem["detail"]);
        Assert.Equal(before, await api.GetVolunteer(w.VolunteerId));
        Assert.Equal(["volunteer.created"], (await api.Finance().Audit("volunteer", w.VolunteerId)).Select(e => e.Action));

        (await api.Finance().PostAsync($"/v1/payouts/{payout.Id}/cancel", null)).EnsureSuccessStatusCode();
        var changed = await (await api.PatchVolunteer(w.VolunteerId, new { dateOfBirth = "2004-03-05" })).Read<VolunteerResponse>();

        Assert.Equal(new LocalDate(2004, 3, 5), (await api.GetVolunteer(w.VolunteerId)).DateOfBirth);
        Assert.Equal(changed, await api.GetVolunteer(w.VolunteerId));
        Assert.Equal("""{"before":{"dateOfBirth":"2004-03-06"},"after":{"dateOfBirth":"2004-03-05"}}""",
            (await api.Finance().Audit("volunteer", w.VolunteerId))[^1].Summary.GetRawText());
    }

    [Fact]
    public async Task A_birth_date_that_keeps_every_paid_day_in_its_age_band_may_change()
    {
        var w = await Create(api, born: new LocalDate(1980, 5, 1));
        await PayHours(w, 500, ("a", new LocalDate(2025, 3, 5)));

        (await api.PatchVolunteer(w.VolunteerId, new { dateOfBirth = "1990-05-01" })).EnsureSuccessStatusCode();

        Assert.Equal(new LocalDate(1990, 5, 1), (await api.GetVolunteer(w.VolunteerId)).DateOfBirth);
    }

    [Fact]
    public async Task Payouts_without_hours_and_hours_of_cancelled_or_rejected_payouts_do_not_lock()
    {
        var w = await Create(api, born: new LocalDate(2004, 3, 6));
        await api.Finance().Pay(PayoutKit.Payout(w.VolunteerId, 1000, 3, PayoutKind.Travel));
        var rejected = await PayHours(w, 500, ("r", new LocalDate(2025, 3, 5)));
        (await api.Finance().PostAsync($"/v1/payouts/{rejected.Id}/reject", null)).EnsureSuccessStatusCode();

        (await api.PatchVolunteer(w.VolunteerId, new { dateOfBirth = "2001-01-01" })).EnsureSuccessStatusCode();

        Assert.Equal(new LocalDate(2001, 1, 1), (await api.GetVolunteer(w.VolunteerId)).DateOfBirth);
    }

    [Fact]
    public async Task Every_locking_payout_is_named_and_paid_payouts_lock_too()
    {
        var w = await Create(api, born: new LocalDate(2004, 3, 6));
        var first = await PayHours(w, 300, ("x", new LocalDate(2025, 3, 3)));
        var second = await PayHours(w, 300, ("y", new LocalDate(2025, 3, 4)));
        (await api.Admin().PostAsync($"/v1/payouts/{second.Id}/approve", null)).EnsureSuccessStatusCode();
        (await api.Finance().PostAsync($"/v1/payouts/{second.Id}/mark-paid", null)).EnsureSuccessStatusCode();

        var problem = await (await api.PatchVolunteer(w.VolunteerId, new { dateOfBirth = "2004-01-01" })).Problem(HttpStatusCode.Conflict, "date_of_birth_locked");

        Assert.Equal([first.Id, second.Id], problem["payoutIds"].Ids());
        Assert.Equal(new LocalDate(2004, 3, 6), (await api.GetVolunteer(w.VolunteerId)).DateOfBirth);
    }
}
