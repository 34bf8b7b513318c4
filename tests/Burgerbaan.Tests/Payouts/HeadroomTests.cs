using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>GET /v1/volunteers/{id}/allowance/{year}, and which payouts hold or release headroom.</summary>
public sealed class HeadroomTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Headroom_shows_legal_and_effective_caps_and_all_twelve_months()
    {
        var enrolled = await api.Enrol(budget: 150000);
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 12000, 2));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 3000, 2, PayoutKind.Travel));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 7, PayoutKind.Gift));

        var headroom = await finance.Headroom(enrolled.VolunteerId);

        Assert.Equal((enrolled.VolunteerId, 2025, 210000L, 150000L, 36000L, 114000L),
            (headroom.VolunteerId, headroom.Year, headroom.LegalAnnualLimitCents, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
        var expected = Enumerable.Range(1, 12).Select(m => new MonthHeadroomResponse(new YearMonth(2025, m), 21000,
            m switch { 2 => 15000, 7 => 21000, _ => 0 },
            m switch { 2 => 6000, 7 => 0, _ => 21000 })).ToList();
        Assert.Equal(expected, headroom.Months);
    }

    [Fact]
    public async Task A_headroom_read_after_a_payout_shows_it_on_the_services_reused_read_connections()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var before = await finance.Headroom(enrolled.VolunteerId);
        await (await finance.GetAsync($"/v1/volunteers/{enrolled.VolunteerId + 100000}/allowance/2025")).Problem(HttpStatusCode.NotFound, "not_found");

        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 7000, 4));
        var after = await finance.Headroom(enrolled.VolunteerId);

        Assert.Equal((0L, 210000L, 0L), (before.CountedCents, before.HeadroomCents, before.MonthCounted(4)));
        Assert.Equal((7000L, 203000L, 7000L), (after.CountedCents, after.HeadroomCents, after.MonthCounted(4)));
    }

    [Fact]
    public async Task Month_headroom_never_exceeds_the_years()
    {
        var enrolled = await api.Enrol(budget: 30000);
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 1));

        var headroom = await finance.Headroom(enrolled.VolunteerId);

        Assert.Equal((30000L, 21000L, 9000L), (headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
        Assert.Equal(0, headroom.Months[0].HeadroomCents);
        Assert.All(headroom.Months.Skip(1), m => Assert.Equal((21000L, 0L, 9000L), (m.LimitCents, m.CountedCents, m.HeadroomCents)));
        await (await finance.Post(PayoutKit.Payout(enrolled.VolunteerId, 9001, 2))).Problem(HttpStatusCode.UnprocessableEntity, "allowance_cap_exceeded");
    }

    [Fact]
    public async Task Headroom_of_a_year_without_payouts_is_the_whole_cap_and_any_registry_role_may_read_it()
    {
        var enrolled = await api.Enrol(new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));

        foreach (var role in new[] { ApiRole.Admin, ApiRole.Coordinator, ApiRole.Finance })
        {
            var headroom = await api.Client(role).Headroom(enrolled.VolunteerId, 2024);
            Assert.Equal((210000L, 210000L, 0L, 210000L), (headroom.LegalAnnualLimitCents, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
            Assert.All(headroom.Months, m => Assert.Equal((21000L, 0L, 21000L), (m.LimitCents, m.CountedCents, m.HeadroomCents)));
        }
        var old = await api.Finance().Headroom(enrolled.VolunteerId, 2023);
        Assert.Equal((190000L, 19000L), (old.LegalAnnualLimitCents, old.Months[0].LimitCents));
    }

    [Fact]
    public async Task Headroom_refusals_are_problems()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();

        await (await finance.GetAsync("/v1/volunteers/987654/allowance/2025")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await finance.GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/allowance/1999")).Problem(HttpStatusCode.BadRequest, "validation_failed");
        await (await finance.GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/allowance/2030")).Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
        await (await api.Client(ApiRole.Website).GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/allowance/2025")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task The_effective_cap_takes_the_budgets_of_agreements_touching_the_year_from_its_first_to_its_last_day()
    {
        var volunteer = await api.Volunteer();
        await api.Agreement(volunteer.Id, new LocalDate(2024, 2, 1), new LocalDate(2025, 1, 1), budget: 120000);
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 2), new LocalDate(2025, 12, 30));
        await api.Agreement(volunteer.Id, new LocalDate(2025, 12, 31), new LocalDate(2026, 3, 31), budget: 90000);
        await api.Agreement(volunteer.Id, new LocalDate(2026, 4, 1), new LocalDate(2026, 12, 31), budget: 50000);
        var finance = api.Finance();

        var year2025 = await finance.Headroom(volunteer.Id, 2025);
        var year2024 = await finance.Headroom(volunteer.Id, 2024);
        var year2023 = await finance.Headroom(volunteer.Id, 2023);

        Assert.Equal((210000L, 90000L, 90000L), (year2025.LegalAnnualLimitCents, year2025.EffectiveAnnualCapCents, year2025.HeadroomCents));
        Assert.Equal((210000L, 120000L), (year2024.LegalAnnualLimitCents, year2024.EffectiveAnnualCapCents));
        Assert.Equal((190000L, 190000L), (year2023.LegalAnnualLimitCents, year2023.EffectiveAnnualCapCents));
    }

    [Fact]
    public async Task An_unknown_volunteer_is_a_404_even_in_a_year_without_limits()
    {
        var finance = api.Finance();

        await (await finance.GetAsync("/v1/volunteers/987655/allowance/2030")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Expense_does_not_count_toward_any_limit()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 3));

        var expense = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 35000, 3, PayoutKind.Expense, receipt: "BON-0042"));

        Assert.Equal(("BON-0042", PayoutStatus.Pending), (expense.ReceiptReference, expense.Status));
        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((21000L, 189000L), (headroom.CountedCents, headroom.HeadroomCents));
        Assert.Equal(21000, headroom.MonthCounted(3));
        (await finance.Act(expense.Id, "cancel")).EnsureSuccessStatusCode();
        Assert.Equal(21000, (await finance.Headroom(enrolled.VolunteerId)).CountedCents);
    }

    [Theory]
    [InlineData("cancel", false)]
    [InlineData("reject", false)]
    [InlineData("cancel", true)]
    [InlineData("reject", true)]
    public async Task Cancelled_or_rejected_payout_releases_its_amount(string action, bool approveFirst)
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var kept = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 5000, 6));
        var released = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 16000, 6));
        await (await finance.Post(PayoutKit.Payout(enrolled.VolunteerId, 1, 6))).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        if (approveFirst)
        {
            (await api.Admin().Act(released.Id, "approve")).EnsureSuccessStatusCode();
        }

        (await finance.Act(released.Id, action)).EnsureSuccessStatusCode();

        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((5000L, 205000L), (headroom.CountedCents, headroom.HeadroomCents));
        Assert.Equal((5000L, 16000L), (headroom.MonthCounted(6), headroom.Months[5].HeadroomCents));
        await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 16000, 6));
        Assert.Equal(PayoutStatus.Pending, (await (await finance.GetAsync($"/v1/payouts/{kept.Id}")).Read<PayoutResponse>()).Status);
    }

    [Fact]
    public async Task Approved_and_paid_payouts_keep_counting_and_paid_cannot_be_cancelled()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var payout = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 8));
        (await finance.Act(payout.Id, "approve")).EnsureSuccessStatusCode();
        Assert.Equal(21000, (await finance.Headroom(enrolled.VolunteerId)).MonthCounted(8));
        (await finance.Act(payout.Id, "mark-paid")).EnsureSuccessStatusCode();

        await (await finance.Act(payout.Id, "cancel")).Problem(HttpStatusCode.Conflict, "conflict");
        await (await finance.Act(payout.Id, "reject")).Problem(HttpStatusCode.Conflict, "conflict");

        var headroom = await finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((21000L, 0L), (headroom.MonthCounted(8), headroom.Months[7].HeadroomCents));
        Assert.Equal(PayoutStatus.Paid, (await (await finance.GetAsync($"/v1/payouts/{payout.Id}")).Read<PayoutResponse>()).Status);
    }

    [Fact]
    public async Task List_filters_by_status_kind_and_period_range()
    {
        var enrolled = await api.Enrol();
        var finance = api.Finance();
        var jan = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 1));
        var feb = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 2, PayoutKind.Travel));
        var mar = await finance.Pay(PayoutKit.Payout(enrolled.VolunteerId, 1000, 3));
        (await finance.Act(feb.Id, "cancel")).EnsureSuccessStatusCode();

        Assert.Equal([jan.Id, mar.Id], (await finance.Payouts(enrolled.VolunteerId, "&status=pending")).Select(p => p.Id));
        Assert.Equal([feb.Id], (await finance.Payouts(enrolled.VolunteerId, "&kind=travel")).Select(p => p.Id));
        Assert.Equal([feb.Id, mar.Id], (await finance.Payouts(enrolled.VolunteerId, "&from=2025-02&to=2025-03")).Select(p => p.Id));
        Assert.Equal(["from"], (await (await finance.GetAsync("/v1/payouts?from=2025-13")).Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        Assert.Equal(["status"], (await (await finance.GetAsync("/v1/payouts?status=paying")).Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        Assert.Equal(["kind"], (await (await finance.GetAsync("/v1/payouts?kind=1")).Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
    }
}
