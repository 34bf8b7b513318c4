using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>Payouts drawing on a sponsorship's allowance budget: which payouts draw, on which sponsorship, refusals and releases.</summary>
public sealed class SponsorshipMoneyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan1 = new(2025, 1, 1), Dec31 = new(2025, 12, 31);
    private readonly SponsorWorld _sponsors = new(api);

    /// <summary>A sponsor with one sponsorship over 2025 whose allowance budget is <paramref name="budget"/> (one place).</summary>
    private async Task<SponsorshipMade> Sponsorship(long budget, int places = 1)
    {
        var sponsor = await _sponsors.CreateSponsor();
        return await _sponsors.CreateSponsorship(sponsor, places, Jan1, Dec31, allowancePerPlaceCents: budget / places);
    }

    private async Task<Enrolled> Allocated(long sponsorshipId, LocalDate? start = null, LocalDate? end = null)
    {
        var enrolled = await api.Enrol();
        await _sponsors.Allocate(sponsorshipId, enrolled.VolunteerId, start ?? Jan1, end ?? Dec31);
        return enrolled;
    }

    /// <summary>What the sponsorship can still pay, read through the API: the headroomCents of a refused gift just under the monthly cap (nothing is written).</summary>
    private async Task<long> Headroom(Enrolled enrolled, int month)
    {
        var refused = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 20_999, month, PayoutKind.Gift)))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_budget_exceeded");
        return (long)refused["headroomCents"]!;
    }

    [Fact]
    public async Task A_counted_payout_in_an_allocated_month_draws_on_the_sponsorship_until_its_last_cent()
    {
        var sponsorship = await Sponsorship(24_000);
        var enrolled = await Allocated(sponsorship.Id);

        var march = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 15_000, 3));
        var refused = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 10_000, 4, PayoutKind.Travel)))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_budget_exceeded");
        var last = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 9_000, 4, PayoutKind.Travel));

        Assert.Equal(sponsorship.Id, march.SponsorshipId);
        Assert.Equal("Payout refused", (string?)refused["title"]);
        Assert.Equal($"10000 cents would exceed the allowance budget of sponsorship {sponsorship.Id} (24000 cents, 15000 drawn); 9000 cents can still be paid from it.",
            (string?)refused["detail"]);
        Assert.Equal((24_000L, 9_000L, sponsorship.Id), ((long)refused["limitCents"]!, (long)refused["headroomCents"]!, (long)refused["sponsorshipId"]!));
        Assert.Equal([(march.Id, sponsorship.Id), (last.Id, sponsorship.Id)],
            (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => (p.Id, p.SponsorshipId)));
        Assert.Equal(sponsorship.Id, (await (await api.Finance().GetAsync($"/v1/payouts/{march.Id}")).Read<PayoutResponse>()).SponsorshipId);
        Assert.Equal(0, await Headroom(enrolled, 5));
        // The refusal wrote nothing: only the two accepted payouts count toward the caps.
        var headroom = await api.Finance().Headroom(enrolled.VolunteerId);
        Assert.Equal((15_000L, 9_000L, 0L), (headroom.MonthCounted(3), headroom.MonthCounted(4), headroom.MonthCounted(5)));
        Assert.Equal(2, (await api.StoredFor(enrolled.VolunteerId)).Payouts);
    }

    [Theory]
    [InlineData("cancel")]
    [InlineData("reject")]
    public async Task Cancelling_or_rejecting_a_payout_gives_its_amount_back_to_the_sponsorship(string action)
    {
        var sponsorship = await Sponsorship(20_000);
        var enrolled = await Allocated(sponsorship.Id);
        var payout = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 12_000, 3));
        Assert.Equal(8_000, await Headroom(enrolled, 4));

        (await api.Finance().Act(payout.Id, action, reason: "wrong month")).EnsureSuccessStatusCode();

        Assert.Equal(20_000, await Headroom(enrolled, 4));
        var audit = (await api.Admin().Audit("payout", payout.Id)).Single(a => a.Action != "payout.created");
        Assert.Equal(sponsorship.Id, audit.Summary.GetProperty("sponsorshipId").GetInt64());
        var again = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20_000, 4));
        Assert.Equal(sponsorship.Id, again.SponsorshipId);
        Assert.Equal(0, await Headroom(enrolled, 5));
    }

    [Fact]
    public async Task Expenses_and_months_without_an_allocation_are_funded_by_the_cooperative()
    {
        var sponsorship = await Sponsorship(100_000);
        var enrolled = await Allocated(sponsorship.Id, new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31));

        var february = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 2));
        var expense = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3, PayoutKind.Expense, receipt: "BON-17"));
        var march = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3, PayoutKind.Gift));

        Assert.Equal([(february.Id, (long?)null), (expense.Id, null), (march.Id, sponsorship.Id)],
            (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => (p.Id, p.SponsorshipId)));
    }

    [Fact]
    public async Task A_month_with_two_allocations_draws_on_the_one_covering_its_last_allocated_day()
    {
        var first = await Sponsorship(100_000);
        var second = await Sponsorship(100_000);
        var enrolled = await Allocated(first.Id, Jan1, new LocalDate(2025, 3, 10));
        await _sponsors.Allocate(second.Id, enrolled.VolunteerId, new LocalDate(2025, 3, 11), new LocalDate(2025, 4, 15));
        // Revoked before it began: covers no day, so it never funds anything.
        var revoked = await _sponsors.Allocate(first.Id, enrolled.VolunteerId, new LocalDate(2025, 6, 1), new LocalDate(2025, 6, 30));
        await _sponsors.RevokeConsent(revoked, new LocalDate(2025, 6, 1));

        var february = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_000, 2));
        var march = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_000, 3));
        var april = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_000, 4));
        var june = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1_000, 6));

        Assert.Equal([(february.Id, (long?)first.Id), (march.Id, second.Id), (april.Id, second.Id), (june.Id, null)],
            (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => (p.Id, p.SponsorshipId)));
    }

    [Fact]
    public async Task A_cancelled_sponsorship_funds_nothing()
    {
        var cancelled = await Sponsorship(100_000);
        var enrolled = await Allocated(cancelled.Id);
        await _sponsors.SetStatus(cancelled.Id, SponsorshipStatus.Cancelled);

        var payout = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3));

        Assert.Null((await (await api.Finance().GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>()).SponsorshipId);
    }

    [Fact]
    public async Task A_named_sponsorship_must_be_the_one_that_applies()
    {
        var applies = await Sponsorship(100_000);
        var other = await Sponsorship(100_000);
        var enrolled = await Allocated(applies.Id, Jan1, new LocalDate(2025, 3, 31));

        var wrong = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3) with { SponsorshipId = other.Id }))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_mismatch");
        var unallocated = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 4) with { SponsorshipId = applies.Id }))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_mismatch");
        var expense = await (await api.Finance().Post(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3, PayoutKind.Expense, receipt: "BON-1") with { SponsorshipId = applies.Id }))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_mismatch");
        Assert.Equal(0, (await api.StoredFor(enrolled.VolunteerId)).Payouts);
        var named = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5_000, 3) with { SponsorshipId = applies.Id });

        Assert.Equal($"Volunteer {enrolled.VolunteerId}'s 2025-03 is funded by sponsorship {applies.Id} (the allocation covering the month's last " +
            $"allocated day), not {other.Id}; send sponsorshipId {applies.Id} or leave it out.", (string?)wrong["detail"]);
        Assert.Equal(applies.Id, (long)wrong["sponsorshipId"]!);
        Assert.Equal($"No allocation of volunteer {enrolled.VolunteerId} to a sponsorship that is not cancelled covers 2025-04, so the cooperative " +
            $"funds this payout, not sponsorship {applies.Id}; leave sponsorshipId out.", (string?)unallocated["detail"]);
        Assert.Null(unallocated["sponsorshipId"]);
        Assert.Equal("An expense never draws on a sponsorship: the cooperative reimburses it. Leave sponsorshipId out.", (string?)expense["detail"]);
        Assert.Equal([(named.Id, (long?)applies.Id)], (await api.Finance().Payouts(enrolled.VolunteerId)).Select(p => (p.Id, p.SponsorshipId)));
    }

    [Fact]
    public async Task Forty_payouts_racing_for_the_last_cents_of_a_sponsorship_book_exactly_the_ones_that_fit()
    {
        // 40 places at 2,500 a year over 2025: a budget of 100,000. 27,500 drawn first leaves 72,500: fourteen payouts of 5,000 fit.
        var sponsor = await _sponsors.CreateSponsor();
        var sponsorship = await _sponsors.CreateSponsorship(sponsor, 40, Jan1, Dec31, allowancePerPlaceCents: 2_500);
        Assert.Equal(100_000, sponsorship.AllowanceBudgetCents);
        var volunteers = new List<Enrolled>();
        // Forty places: the two who draw first hold theirs in January and February, the forty racers from March.
        for (var i = 0; i < 42; i++)
        {
            volunteers.Add(i < 40 ? await Allocated(sponsorship.Id, new LocalDate(2025, 3, 1)) : await Allocated(sponsorship.Id, end: new LocalDate(2025, 2, 28)));
        }
        await api.Finance().Pay(PayoutKit.Payout(volunteers[40].VolunteerId, 20_000, 2));
        await api.Finance().Pay(PayoutKit.Payout(volunteers[41].VolunteerId, 7_500, 2));
        var finance = api.Finance();
        var start = new TaskCompletionSource();

        var racing = volunteers.Take(40).Select(async v =>
        {
            await start.Task;
            return await finance.Post(PayoutKit.Payout(v.VolunteerId, 5_000, 3));
        }).ToList();
        start.SetResult();
        var responses = await Task.WhenAll(racing);

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        Assert.Equal(14, accepted.Count);
        foreach (var refused in responses.Except(accepted))
        {
            var problem = await refused.Problem(HttpStatusCode.UnprocessableEntity, "sponsorship_budget_exceeded");
            Assert.Equal((100_000L, 2_500L), ((long)problem["limitCents"]!, (long)problem["headroomCents"]!));
        }
        var booked = new List<PayoutResponse>();
        foreach (var v in volunteers.Take(40))
        {
            booked.AddRange(await finance.Payouts(v.VolunteerId));
        }
        Assert.Equal(14, booked.Count);
        Assert.All(booked, p => Assert.Equal((5_000L, (long?)sponsorship.Id), (p.AmountCents, p.SponsorshipId)));
        Assert.Equal(2_500, await Headroom(volunteers[0], 4));
        await finance.Pay(PayoutKit.Payout(volunteers[0].VolunteerId, 2_500, 4));
        var report = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/sroi-report")).Read<SroiReportResponse>();
        Assert.Equal(100_000, Assert.Single(report.Sponsorships).AllowancePaidCents);
        Assert.Equal(0, await Headroom(volunteers[1], 4));
    }
}
