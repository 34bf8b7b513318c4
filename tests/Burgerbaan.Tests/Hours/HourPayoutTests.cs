using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class HourPayoutTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly YearMonth March = new(2025, 3);

    private Task<HttpResponseMessage> Pay(long volunteerId, long amount, params long[] hourIds) =>
        api.Client(ApiRole.Finance).PostJson("/v1/payouts", new CreatePayoutRequest(volunteerId, PayoutKind.Allowance, amount, March, HourEntryIds: hourIds));

    [Fact]
    public async Task Hours_around_the_21st_birthday_are_paid_at_the_legal_rate_for_the_age_on_each_day()
    {
        // Born 2004-03-06: 20 on 5 March 2025 (EUR 3.30 an hour), 21 on 6 March (EUR 5.60).
        var w = await Create(api, born: new LocalDate(2004, 3, 6));
        var hours = await w.Approved(Entry("d5", w.PlacementA, new LocalDate(2025, 3, 5), 600), Entry("d6", w.PlacementA, new LocalDate(2025, 3, 6), 600));
        var ids = hours.Select(h => h.Id).ToArray();
        const long maximum = (600 * 330 + 600 * 560) / 60; // 8900

        var over = await (await Pay(w.VolunteerId, maximum + 1, ids)).Problem(HttpStatusCode.UnprocessableEntity, "hourly_rate_exceeded");
        Assert.Equal(maximum, (long)over["limitCents"]!);
        Assert.DoesNotContain(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => h.PayoutId is not null);

        var paid = await (await Pay(w.VolunteerId, maximum, ids)).Read<PayoutResponse>(HttpStatusCode.Created);
        Assert.Equal(maximum, paid.AmountCents);
        Assert.All(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => Assert.Equal(paid.Id, h.PayoutId));
    }

    [Fact]
    public async Task An_entry_is_paid_at_most_once_until_its_payout_is_cancelled()
    {
        var w = await Create(api);
        var hour = (await w.Approved(Entry("once", w.PlacementA, new LocalDate(2025, 3, 7), 120)))[0];
        var first = await (await Pay(w.VolunteerId, 500, hour.Id)).Read<PayoutResponse>(HttpStatusCode.Created);

        var twice = await (await Pay(w.VolunteerId, 500, hour.Id)).Problem(HttpStatusCode.UnprocessableEntity, "hour_entry_already_paid");
        Assert.Equal([hour.Id], twice["hourEntryIds"]!.AsArray().Select(n => (long)n!));
        await (await api.Client(ApiRole.Finance).PostAsync($"/v1/payouts/{first.Id}/cancel", null)).Read<PayoutResponse>();
        var again = await (await Pay(w.VolunteerId, 500, hour.Id)).Read<PayoutResponse>(HttpStatusCode.Created);

        Assert.Equal(again.Id, (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Single().PayoutId);
        // A paid entry is locked for its organisation.
        await (await Submit(w.PartnerA, Entry("once", w.PlacementA, new LocalDate(2025, 3, 7), 121))).Problem(HttpStatusCode.Conflict, "hour_entry_locked");
    }

    [Fact]
    public async Task Only_approved_entries_of_that_volunteer_worked_in_the_period_can_be_paid()
    {
        var w = await Create(api);
        var other = await Create(api);
        var submitted = (await (await Submit(w.PartnerA, Entry("s", w.PlacementA, new LocalDate(2025, 3, 3)))).Read<HourEntriesResponse>()).Items[0];
        var february = (await w.Approved(Entry("f", w.PlacementA, new LocalDate(2025, 2, 27))))[0];
        var theirs = (await other.Approved(Entry("t", other.PlacementA, new LocalDate(2025, 3, 3))))[0];

        foreach (var id in new[] { february.Id, theirs.Id, 424_242 })
        {
            await (await Pay(w.VolunteerId, 100, id)).Invalid("hourEntryIds");
        }
        // The volunteer's own entry of the period, not approved yet: a business refusal naming the entries.
        var unapproved = await (await Pay(w.VolunteerId, 100, submitted.Id)).Problem(HttpStatusCode.UnprocessableEntity, "hour_entry_not_approved");
        Assert.Equal("Only approved hour entries can be paid; a coordinator approves them first.", (string?)unapproved["detail"]);
        Assert.Equal([submitted.Id], unapproved["hourEntryIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal((HourStatus.Submitted, (long?)null), (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Where(h => h.Id == submitted.Id)
            .Select(h => (h.Status, h.PayoutId)).Single());
        var travel = await api.Client(ApiRole.Finance).PostJson("/v1/payouts",
            new CreatePayoutRequest(w.VolunteerId, PayoutKind.Travel, 100, March, HourEntryIds: [february.Id]));
        await travel.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Empty((await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={w.VolunteerId}")).Read<Page<PayoutResponse>>()).Items);
    }

    [Fact]
    public async Task Entries_on_the_first_and_last_day_of_the_period_are_paid_and_the_days_just_outside_are_refused()
    {
        var w = await Create(api);
        var february = new YearMonth(2025, 2);
        var entries = (await w.Approved(Entry("jan31", w.PlacementA, new LocalDate(2025, 1, 31)), Entry("feb01", w.PlacementA, new LocalDate(2025, 2, 1)),
            Entry("feb28", w.PlacementA, new LocalDate(2025, 2, 28)), Entry("mar01", w.PlacementA, new LocalDate(2025, 3, 1)))).ToDictionary(e => e.ExternalId, e => e.Id);
        var finance = api.Client(ApiRole.Finance);

        foreach (var outside in new[] { "jan31", "mar01" })
        {
            await (await finance.PostJson("/v1/payouts", new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 100, february,
                HourEntryIds: [entries["feb01"], entries[outside], entries["feb28"]]))).Invalid("hourEntryIds");
        }
        Assert.All(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => Assert.Null(h.PayoutId));
        var paid = await (await finance.PostJson("/v1/payouts", new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 100, february,
            HourEntryIds: [entries["feb01"], entries["feb28"]]))).Read<PayoutResponse>(HttpStatusCode.Created);

        var read = await (await finance.GetAsync($"/v1/payouts/{paid.Id}")).Read<PayoutResponse>();
        Assert.Equal((w.VolunteerId, february, 100L, PayoutStatus.Pending), (read.VolunteerId, read.Period, read.AmountCents, read.Status));
        Assert.Equal(new Dictionary<string, long?> { ["jan31"] = null, ["feb01"] = paid.Id, ["feb28"] = paid.Id, ["mar01"] = null },
            (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).ToDictionary(h => h.ExternalId, h => h.PayoutId));
    }

    [Fact]
    public async Task An_expense_cannot_pay_for_hours()
    {
        var w = await Create(api);
        var hour = (await w.Approved(Entry("e", w.PlacementA, new LocalDate(2025, 3, 4))))[0];

        await (await api.Client(ApiRole.Finance).PostJson("/v1/payouts",
            new CreatePayoutRequest(w.VolunteerId, PayoutKind.Expense, 100, March, ReceiptReference: "BON-1", HourEntryIds: [hour.Id]))).Invalid("hourEntryIds");

        Assert.Empty((await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={w.VolunteerId}")).Read<Page<PayoutResponse>>()).Items);
        Assert.Null((await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).Single().PayoutId);
    }

    [Fact]
    public async Task Paying_a_paid_entry_with_an_unpaid_one_names_only_the_paid_entry_and_writes_nothing()
    {
        var w = await Create(api);
        var hours = await w.Approved(Entry("paid", w.PlacementA, new LocalDate(2025, 3, 5)), Entry("fresh", w.PlacementA, new LocalDate(2025, 3, 6)));
        var paid = hours.Single(h => h.ExternalId == "paid").Id;
        var fresh = hours.Single(h => h.ExternalId == "fresh").Id;
        var first = await (await Pay(w.VolunteerId, 100, paid)).Read<PayoutResponse>(HttpStatusCode.Created);

        var problem = await (await Pay(w.VolunteerId, 100, paid, fresh)).Explained(HttpStatusCode.UnprocessableEntity, "hour_entry_already_paid");

        Assert.Equal([paid], problem["hourEntryIds"]!.AsArray().Select(n => (long)n!));
        Assert.Equal([first.Id], (await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={w.VolunteerId}")).Read<Page<PayoutResponse>>()).Items.Select(p => p.Id));
        Assert.Equal(new Dictionary<string, long?> { ["paid"] = first.Id, ["fresh"] = null },
            (await List(api.Admin(), $"&volunteerId={w.VolunteerId}")).ToDictionary(h => h.ExternalId, h => h.PayoutId));
    }
}
