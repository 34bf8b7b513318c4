using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

public sealed class PayoutRunTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly YearMonth March = new(2025, 3);

    private async Task<HoursWorld> WithHours(int minutes, long? rate = 500, long? budget = null, LocalDate? born = null)
    {
        var w = await Create(api, born, rate, budget);
        await w.Approved(Enumerable.Range(0, minutes / 600).Select(i => Entry($"h{i}", w.PlacementA, new LocalDate(2025, 3, 1).PlusDays(i), 600)).ToArray());
        return w;
    }

    private async Task Prior(long volunteerId, YearMonth period, long amount) =>
        await (await api.Client(ApiRole.Finance).PostJson("/v1/payouts", new CreatePayoutRequest(volunteerId, PayoutKind.Travel, amount, period)))
            .Read<PayoutResponse>(HttpStatusCode.Created);

    private async Task<PayoutRunResponse> Run(HttpStatusCode expected = HttpStatusCode.Created) =>
        await (await api.Client(ApiRole.Finance).PostJson("/v1/payout-runs", new CreatePayoutRunRequest(March))).Read<PayoutRunResponse>(expected);

    [Fact]
    public async Task A_run_pays_each_volunteer_once_trimmed_to_the_monthly_and_annual_headroom_and_reports_why()
    {
        var plain = await WithHours(600);                          // 10 h at 500 = 5,000
        var capped = await WithHours(1800, rate: 600);             // 30 h at min(600, legal 560) = 16,800
        await Prior(capped.VolunteerId, March, 10_000);            // month room 11,000
        var budget = await WithHours(1200, budget: 20_000);        // 20 h at 500 = 10,000
        await Prior(budget.VolunteerId, new YearMonth(2025, 1), 15_000); // year room 5,000
        var noRate = await WithHours(600, rate: null);
        var full = await WithHours(600);
        await Prior(full.VolunteerId, March, 21_000);

        var run = await Run();
        PayoutRunLine Line(HoursWorld w) => run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);

        Assert.Equal(new PayoutRunLine(plain.VolunteerId, 600, 5_000, 5_000, 0, null, Line(plain).PayoutId, null), Line(plain));
        Assert.Equal(new PayoutRunLine(capped.VolunteerId, 1800, 16_800, 11_000, 5_800, "monthly_cap_exceeded", Line(capped).PayoutId, null), Line(capped));
        Assert.Equal(new PayoutRunLine(budget.VolunteerId, 1200, 10_000, 5_000, 5_000, "allowance_cap_exceeded", Line(budget).PayoutId, null), Line(budget));
        Assert.Equal(new PayoutRunLine(noRate.VolunteerId, 600, 0, 0, 0, null, null, "no_agreement_rate"), Line(noRate));
        Assert.Equal(new PayoutRunLine(full.VolunteerId, 600, 5_000, 0, 5_000, "monthly_cap_exceeded", null, "no_headroom"), Line(full));

        foreach (var w in new[] { plain, capped, budget })
        {
            var payout = await (await api.Admin().GetAsync($"/v1/payouts/{Line(w).PayoutId}")).Read<PayoutResponse>();
            Assert.Equal((PayoutStatus.Pending, PayoutKind.Allowance, Line(w).PaidCents, March), (payout.Status, payout.Kind, payout.AmountCents, payout.Period));
            Assert.All(await List(api.Admin(), $"&volunteerId={w.VolunteerId}"), h => Assert.Equal(payout.Id, h.PayoutId));
        }
        var headroom = await (await api.Admin().GetAsync($"/v1/volunteers/{capped.VolunteerId}/allowance/2025")).Read<AllowanceHeadroomResponse>();
        Assert.Equal(0, headroom.Months[2].HeadroomCents);
        Assert.All(await List(api.Admin(), $"&volunteerId={noRate.VolunteerId}"), h => Assert.Null(h.PayoutId));
    }

    [Fact]
    public async Task The_report_can_be_read_again_and_a_second_run_pays_only_new_hours()
    {
        var w = await WithHours(600);
        var first = await Run();

        var again = await (await api.Client(ApiRole.Finance).GetAsync($"/v1/payout-runs/{first.Id}")).Read<PayoutRunResponse>();
        // Every other volunteer with March hours is already paid or has nothing payable, so the second run pays nothing and is not stored.
        var second = await Run(HttpStatusCode.OK);

        Assert.Equal(first.Volunteers, again.Volunteers);
        Assert.Equal((first.Id, first.Period, first.PaidCents), (again.Id, again.Period, again.PaidCents));
        Assert.Contains(first.Volunteers, l => l.VolunteerId == w.VolunteerId && l.PaidCents == 5_000);
        Assert.DoesNotContain(second.Volunteers, l => l.VolunteerId == w.VolunteerId);
        Assert.Equal(((long?)null, 0), (second.Id, second.PayoutCount));
        var missing = await (await api.Admin().GetAsync("/v1/payout-runs/999999")).Explained(HttpStatusCode.NotFound, "not_found");
        Assert.Contains("payout run", (string?)missing["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Each_entry_is_paid_at_the_rate_of_the_agreement_covering_its_day_and_the_payout_is_booked_and_audited_once()
    {
        var org = await api.Organisation("Org run " + Guid.NewGuid().ToString("n")[..6]);
        var volunteer = await api.Volunteer(born: new LocalDate(1980, 5, 1));
        var early = await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 4), rate: 400);
        await api.Agreement(volunteer.Id, new LocalDate(2025, 3, 5), new LocalDate(2025, 12, 31), rate: 500);
        var placement = await Place(api, volunteer.Id, org.Id);
        var partner = api.Client(ApiRole.Partner, org.Id);
        var submitted = await (await Submit(partner, Entry("r1", placement, new LocalDate(2025, 3, 3), 600), Entry("r2", placement, new LocalDate(2025, 3, 10), 600)))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(submitted.Items.Select(i => i.Id).ToList()))).Read<HourEntriesResponse>();

        var run = await Run();

        var line = run.Volunteers.Single(l => l.VolunteerId == volunteer.Id);
        Assert.Equal(new PayoutRunLine(volunteer.Id, 1200, 9_000, 9_000, 0, null, line.PayoutId, null), line);
        var payout = await (await api.Admin().GetAsync($"/v1/payouts/{line.PayoutId}")).Read<PayoutResponse>();
        Assert.Equal((volunteer.Id, early.Id, 9_000L, March, run.Id), (payout.VolunteerId, payout.AgreementId, payout.AmountCents, payout.Period, payout.PayoutRunId));
        Assert.All(await List(api.Admin(), $"&volunteerId={volunteer.Id}"), h => Assert.Equal((payout.Id, HourStatus.Paid), (h.PayoutId, h.Status)));
        var headroom = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/allowance/2025")).Read<AllowanceHeadroomResponse>();
        Assert.Equal(9_000, headroom.CountedCents);
        var audit = Assert.Single(await api.Admin().Trail($"entity=payout&entityId={payout.Id}"));
        Assert.Equal("payout.created", audit.Action);
        Assert.Equal(
            $$$"""{"after":{"status":"pending","kind":"allowance","amountCents":9000,"period":"2025-03","volunteerId":{{{volunteer.Id}}},"hourEntries":2,"payoutRunId":{{{run.Id}}},"sponsorshipId":null}}""",
            audit.Summary.GetRawText());
    }

    [Fact]
    public async Task An_entry_on_a_day_no_agreement_covers_is_left_unpaid_while_the_covered_entries_are_paid()
    {
        var org = await api.Organisation("Org gap " + Guid.NewGuid().ToString("n")[..6]);
        var volunteer = await api.Volunteer(born: new LocalDate(1980, 5, 1));
        var agreement = await api.Agreement(volunteer.Id, new LocalDate(2025, 3, 5), new LocalDate(2025, 12, 31), rate: 500);
        var placement = await Place(api, volunteer.Id, org.Id);
        var submitted = await (await Submit(api.Client(ApiRole.Partner, org.Id),
            Entry("gap", placement, new LocalDate(2025, 3, 3), 600), Entry("covered", placement, new LocalDate(2025, 3, 10), 600)))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(submitted.Items.Select(i => i.Id).ToList()))).Read<HourEntriesResponse>();

        var run = await Run();

        // The report counts all the month's approved minutes; only the covered 10 h at 500 are paid.
        var line = run.Volunteers.Single(l => l.VolunteerId == volunteer.Id);
        Assert.Equal(new PayoutRunLine(volunteer.Id, 1200, 5_000, 5_000, 0, null, line.PayoutId, null), line);
        var payout = await (await api.Admin().GetAsync($"/v1/payouts/{line.PayoutId}")).Read<PayoutResponse>();
        Assert.Equal((agreement.Id, 5_000L, run.Id), (payout.AgreementId, payout.AmountCents, payout.PayoutRunId));
        var hours = (await List(api.Admin(), $"&volunteerId={volunteer.Id}")).ToDictionary(h => h.ExternalId);
        Assert.Equal((payout.Id, HourStatus.Paid), (hours["covered"].PayoutId, hours["covered"].Status));
        Assert.Equal(((long?)null, HourStatus.Approved), (hours["gap"].PayoutId, hours["gap"].Status));
    }

    [Fact]
    public async Task A_run_judges_only_its_own_month_and_year_and_pays_no_more_than_the_years_earlier_payouts_leave()
    {
        var w = await WithHours(1200, budget: 30_000, born: new LocalDate(1971, 2, 3)); // 20 h at 500 = 10,000; 30,000 a year
        await Prior(w.VolunteerId, new YearMonth(2024, 3), 21_000);                    // last year's March: full, but another year
        await Prior(w.VolunteerId, new YearMonth(2025, 2), 21_000);                    // this year's February: 9,000 of 30,000 left

        var run = await Run();

        var line = run.Volunteers.Single(l => l.VolunteerId == w.VolunteerId);
        Assert.Equal(new PayoutRunLine(w.VolunteerId, 1200, 10_000, 9_000, 1_000, "allowance_cap_exceeded", line.PayoutId, null), line);
        var payout = await (await api.Admin().GetAsync($"/v1/payouts/{line.PayoutId}")).Read<PayoutResponse>();
        Assert.Equal((9_000L, March, run.Id), (payout.AmountCents, payout.Period, payout.PayoutRunId));
        var year = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}/allowance/2025")).Read<AllowanceHeadroomResponse>();
        Assert.Equal((30_000L, 0L), (year.CountedCents, year.HeadroomCents));
        Assert.Equal((21_000L, 9_000L), (year.Months[1].CountedCents, year.Months[2].CountedCents));
        var lastYear = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}/allowance/2024")).Read<AllowanceHeadroomResponse>();
        Assert.Equal((21_000L, 21_000L), (lastYear.CountedCents, lastYear.Months[2].CountedCents));
    }

    [Fact]
    public async Task Only_finance_and_admin_run_payouts()
    {
        foreach (var role in new[] { ApiRole.Coordinator, ApiRole.Website })
        {
            await (await api.Client(role).PostJson("/v1/payout-runs", new CreatePayoutRunRequest(March))).Problem(HttpStatusCode.Forbidden, "forbidden");
        }
    }
}
