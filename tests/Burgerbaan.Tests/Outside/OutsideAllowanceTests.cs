using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Burgerbaan.Tests.SelfService;
using NodaTime;

namespace Burgerbaan.Tests.Outside;

/// <summary>
/// Allowances declared from other organisations count toward the same monthly and annual headroom as the scheme's payouts; one
/// that takes a month past its limit is recorded, flagged, and closes the month to counted payouts; a removal frees its room.
/// Payouts are created with the admin key; declarations are made and removed with the finance key.
/// </summary>
public sealed class OutsideAllowanceTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private HttpClient Finance => api.Finance();

    [Fact]
    public async Task A_declaration_is_stored_as_sent_counts_toward_the_headroom_and_is_audited()
    {
        var enrolled = await api.Enrol();

        var declared = await Finance.Declared(enrolled.VolunteerId,
            OutsideKit.Declaration(3, 5000, OutsideAllowanceKind.Travel, "  Stichting Buurtsport  ", evidence: "Brief 2025-03-02"));

        var expected = new OutsideAllowanceResponse(declared.Id, enrolled.VolunteerId, new YearMonth(2025, 3), 5000, "Stichting Buurtsport",
            OutsideAllowanceKind.Travel, "Brief 2025-03-02", false, BurgerbaanApiFactory.Start, null);
        Assert.Equal(expected, declared);
        Assert.Equal(expected, Assert.Single(await Finance.OutsideAllowances(enrolled.VolunteerId)));
        Assert.Equal(expected, await Finance.OutsideAllowance(enrolled.VolunteerId, declared.Id));
        // Coordinators read declarations (they read the headroom the declarations shrink); they do not make them.
        Assert.Equal(expected, Assert.Single(await api.Client(ApiRole.Coordinator).OutsideAllowances(enrolled.VolunteerId)));

        var headroom = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((5000L, 205000L), (headroom.CountedCents, headroom.HeadroomCents));
        Assert.Equal(new MonthHeadroomResponse(new YearMonth(2025, 3), 21000, 5000, 16000), headroom.Months[2]);

        var trail = await Finance.Audit("outside_allowance", declared.Id);
        var created = Assert.Single(trail);
        Assert.Equal("outside_allowance.created", created.Action);
        Assert.Equal(ApiRole.Finance, created.Role);
        Assert.Equal(
            """{"after":{"volunteerId":""" + enrolled.VolunteerId + ""","period":"2025-03","kind":"travel","amountCents":5000,"organisationName":"Stichting Buurtsport","evidence":"Brief 2025-03-02","overLimit":false}}""",
            created.Summary.GetRawText());
    }

    [Fact]
    public async Task A_payout_after_a_declaration_gets_only_the_room_the_declaration_left()
    {
        var enrolled = await api.Enrol();
        await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 15000));

        var refused = await (await api.Admin().Post(PayoutKit.Payout(enrolled.VolunteerId, 8900, 3))).Problem(HttpStatusCode.UnprocessableEntity, "monthly_cap_exceeded");
        Assert.Equal((21000L, 6000L), ((long)refused["limitCents"]!, (long)refused["headroomCents"]!));
        Assert.Empty(await Finance.Payouts(enrolled.VolunteerId));

        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 6000, 3));
        var headroom = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(new MonthHeadroomResponse(new YearMonth(2025, 3), 21000, 21000, 0), headroom.Months[2]);
        Assert.Equal(21000, headroom.CountedCents);
    }

    [Fact]
    public async Task A_declaration_past_the_monthly_limit_is_stored_flagged_and_closes_the_month_to_counted_payouts_until_it_is_removed()
    {
        var enrolled = await api.Enrol();
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 15000, 3, PayoutKind.Travel));

        var over = await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 10000, OutsideAllowanceKind.Gift));

        Assert.True(over.OverLimit);
        Assert.True((await Finance.OutsideAllowance(enrolled.VolunteerId, over.Id)).OverLimit);
        var headroom = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(new MonthHeadroomResponse(new YearMonth(2025, 3), 21000, 25000, 0), headroom.Months[2]);
        Assert.Equal((25000L, 185000L), (headroom.CountedCents, headroom.HeadroomCents));

        var refused = await (await api.Admin().Post(PayoutKit.Payout(enrolled.VolunteerId, 100, 3, PayoutKind.Allowance)))
            .Problem(HttpStatusCode.UnprocessableEntity, "outside_allowance_over_limit");
        Assert.Equal("Allowances declared from other organisations take 2025-03 past the monthly limit of 21000 cents (25000 cents count); " +
            "the scheme pays nothing more that counts for that month.", (string?)refused["detail"]);
        Assert.Equal((21000L, 0L), ((long)refused["limitCents"]!, (long)refused["headroomCents"]!));
        Assert.Single(await Finance.Payouts(enrolled.VolunteerId));
        var after = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(headroom with { Months = [] }, after with { Months = [] });
        Assert.Equal(headroom.Months, after.Months);

        // Expenses add nothing to the excess, and other months keep their room.
        var expense = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 1250, 3, PayoutKind.Expense, receipt: "BON-17"));
        var april = await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 5000, 4));
        Assert.Equal([expense.Id, april.Id], (await Finance.Payouts(enrolled.VolunteerId)).Skip(1).Select(p => p.Id));

        Assert.Equal(HttpStatusCode.NoContent, (await Finance.Remove(enrolled.VolunteerId, over.Id)).StatusCode);

        Assert.Empty(await Finance.OutsideAllowances(enrolled.VolunteerId));
        var removed = await Finance.OutsideAllowance(enrolled.VolunteerId, over.Id);
        Assert.Equal(over with { RemovedAt = BurgerbaanApiFactory.Start }, removed);
        var freed = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(new MonthHeadroomResponse(new YearMonth(2025, 3), 21000, 15000, 6000), freed.Months[2]);
        Assert.Equal(20000, freed.CountedCents);
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 6000, 3));
        Assert.Equal(["outside_allowance.created", "outside_allowance.removed"], (await Finance.Audit("outside_allowance", over.Id)).Select(a => a.Action));
        Assert.Equal("""{"before":{"removedAt":null},"after":{"removedAt":"2025-03-14T09:00:00Z"}}""",
            (await Finance.Audit("outside_allowance", over.Id))[1].Summary.GetRawText());
        await (await Finance.Remove(enrolled.VolunteerId, over.Id)).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_declaration_past_the_years_cap_closes_every_month_of_the_year_to_counted_payouts()
    {
        var enrolled = await api.Enrol(budget: 30000);
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20000, 1));

        var over = await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(2, 15000));

        Assert.True(over.OverLimit);
        var refused = await (await api.Admin().Post(PayoutKit.Payout(enrolled.VolunteerId, 100, 5, PayoutKind.Gift)))
            .Problem(HttpStatusCode.UnprocessableEntity, "outside_allowance_over_limit");
        Assert.Equal("Allowances declared from other organisations take 2025 past its annual cap of 30000 cents (35000 cents count); " +
            "the scheme pays nothing more that counts for that year.", (string?)refused["detail"]);
        Assert.Equal((30000L, 0L), ((long)refused["limitCents"]!, (long)refused["headroomCents"]!));
        var headroom = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal((30000L, 35000L, 0L), (headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents));
        Assert.Single(await Finance.Payouts(enrolled.VolunteerId));
    }

    [Fact]
    public async Task A_removal_clears_another_declarations_flag_only_once_its_month_is_back_within_the_limit()
    {
        var enrolled = await api.Enrol();
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 20000, 3));
        var a = await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 500));
        var b = await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 1000));
        var c = await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 600));
        Assert.Equal((false, true, true), (a.OverLimit, b.OverLimit, c.OverLimit));

        Assert.Equal(HttpStatusCode.NoContent, (await Finance.Remove(enrolled.VolunteerId, b.Id)).StatusCode);
        Assert.Equal([(a.Id, false), (c.Id, true)], (await Finance.OutsideAllowances(enrolled.VolunteerId)).Select(o => (o.Id, o.OverLimit)));

        Assert.Equal(HttpStatusCode.NoContent, (await Finance.Remove(enrolled.VolunteerId, a.Id)).StatusCode);
        Assert.Equal(c with { OverLimit = false }, Assert.Single(await Finance.OutsideAllowances(enrolled.VolunteerId)));
        Assert.Equal(20600, (await Finance.Headroom(enrolled.VolunteerId)).MonthCounted(3));
        var cleared = (await Finance.Audit("outside_allowance", c.Id)).Select(e => (e.Action, e.Summary.GetRawText()));
        Assert.Equal([("outside_allowance.created", cleared.First().Item2), ("outside_allowance.changed", """{"before":{"overLimit":true},"after":{"overLimit":false}}""")], cleared);
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 400, 3));
    }

    [Fact]
    public async Task The_volunteers_own_headroom_shows_the_declarations_as_the_registry_does()
    {
        var enrolled = await api.Enrol();
        await Finance.Declared(enrolled.VolunteerId, OutsideKit.Declaration(3, 20000));
        var own = (await api.VolunteerKey(enrolled.VolunteerId)).Client;

        var mine = await (await own.GetAsync("/v1/me/allowance/2025")).Read<MyAllowanceResponse>();

        var registry = await Finance.Headroom(enrolled.VolunteerId);
        Assert.Equal(registry.Months, mine.Months);
        Assert.Equal((20000L, 190000L), (mine.CountedCents, mine.HeadroomCents));
        Assert.Equal("near_monthly_limit", Assert.Single(mine.Warnings).Code);
    }

    [Fact]
    public async Task Unknown_volunteers_other_volunteers_declarations_and_years_without_limits_are_refused_and_store_nothing()
    {
        var enrolled = await api.Enrol();
        var other = await api.Enrol();
        var theirs = await Finance.Declared(other.VolunteerId, OutsideKit.Declaration(3, 700));

        await (await Finance.Declare(987654321, OutsideKit.Declaration(3, 700))).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Finance.GetAsync("/v1/volunteers/987654321/outside-allowances")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Finance.GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/outside-allowances/{theirs.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Finance.Remove(enrolled.VolunteerId, theirs.Id)).Problem(HttpStatusCode.NotFound, "not_found");
        var missing = await (await Finance.Declare(enrolled.VolunteerId, OutsideKit.Declaration(3, 700, year: 2026)))
            .Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
        Assert.Equal("No allowance limits are set for 2026, so a declaration for it cannot be weighed against them; an admin sets them with " +
            "PUT /v1/allowance-limits/2026.", (string?)missing["detail"]);

        Assert.Empty(await Finance.OutsideAllowances(enrolled.VolunteerId));
        Assert.Equal(theirs, Assert.Single(await Finance.OutsideAllowances(other.VolunteerId)));
        Assert.Equal(700, (await Finance.Headroom(other.VolunteerId)).CountedCents);
        Assert.Equal(0, (await Finance.Headroom(enrolled.VolunteerId)).CountedCents);
    }

    [Fact]
    public async Task A_retried_declaration_with_the_same_idempotency_key_is_recorded_once()
    {
        var enrolled = await api.Enrol();
        var request = OutsideKit.Declaration(5, 3000);

        var first = await (await Finance.Declare(enrolled.VolunteerId, request, "outside-retry-1")).Read<OutsideAllowanceResponse>(HttpStatusCode.Created);
        var again = await Finance.Declare(enrolled.VolunteerId, request, "outside-retry-1");

        Assert.Equal(first, await again.Read<OutsideAllowanceResponse>(HttpStatusCode.Created));
        Assert.Equal(["true"], again.Headers.GetValues("Idempotent-Replayed"));
        Assert.Equal(first, Assert.Single(await Finance.OutsideAllowances(enrolled.VolunteerId)));
        Assert.Equal(3000, (await Finance.Headroom(enrolled.VolunteerId)).MonthCounted(5));
    }
}
