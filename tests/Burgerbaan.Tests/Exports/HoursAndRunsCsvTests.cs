using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using CsvHelper.Configuration.Attributes;
using NodaTime;
using NodaTime.Text;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Exports;

public sealed class HoursAndRunsCsvTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string HoursHeader = "organisation_id,organisation_name,month,submitted_minutes,approved_minutes,rejected_minutes,paid_minutes,entries,volunteers";
    private const string RunsHeader = "payout_run_id,period,run_status,run_created_at,run_payout_count,run_paid_cents,volunteer_id,minutes,gross_cents," +
        "paid_cents,trimmed_cents,trimmed_by,payout_id,skipped,sponsorship_id";

    public sealed class HoursRow
    {
        [Name("organisation_id")] public long OrganisationId { get; set; }
        [Name("organisation_name")] public string OrganisationName { get; set; } = "";
        [Name("month")] public string Month { get; set; } = "";
        [Name("submitted_minutes")] public long Submitted { get; set; }
        [Name("approved_minutes")] public long Approved { get; set; }
        [Name("rejected_minutes")] public long Rejected { get; set; }
        [Name("paid_minutes")] public long Paid { get; set; }
        [Name("entries")] public long Entries { get; set; }
        [Name("volunteers")] public long Volunteers { get; set; }

        public OrganisationMonthHoursResponse ToResponse() => new(OrganisationId, OrganisationName, YearMonthPattern.Iso.Parse(Month).Value,
            Submitted, Approved, Rejected, Paid, Entries, Volunteers);
    }

    public sealed class RunRow
    {
        [Name("payout_run_id")] public long RunId { get; set; }
        [Name("period")] public string Period { get; set; } = "";
        [Name("run_status")] public string Status { get; set; } = "";
        [Name("run_created_at")] public string CreatedAt { get; set; } = "";
        [Name("run_payout_count")] public int PayoutCount { get; set; }
        [Name("run_paid_cents")] public long RunPaid { get; set; }
        [Name("volunteer_id")] public long VolunteerId { get; set; }
        [Name("minutes")] public int Minutes { get; set; }
        [Name("gross_cents")] public long Gross { get; set; }
        [Name("paid_cents")] public long Paid { get; set; }
        [Name("trimmed_cents")] public long Trimmed { get; set; }
        [Name("trimmed_by")] public string? TrimmedBy { get; set; }
        [Name("payout_id")] public long? PayoutId { get; set; }
        [Name("skipped")] public string? Skipped { get; set; }
        [Name("sponsorship_id")] public long? SponsorshipId { get; set; }
    }

    /// <summary>Hours at A in February (paid by a payout) and March (approved, submitted, rejected), at B in March (submitted).</summary>
    private async Task<HoursWorld> Hours()
    {
        var w = await Create(api);
        var paid = await w.Approved(Entry("f1", w.PlacementA, new LocalDate(2025, 2, 3), 600), Entry("f2", w.PlacementA, new LocalDate(2025, 2, 4), 480));
        await (await api.Admin().PostJson("/v1/payouts", new CreatePayoutRequest(w.VolunteerId, PayoutKind.Allowance, 9_000, new YearMonth(2025, 2),
            HourEntryIds: paid.Select(e => e.Id).ToList()))).Read<PayoutResponse>(HttpStatusCode.Created);
        await w.Approved(Entry("m1", w.PlacementA, new LocalDate(2025, 3, 3), 120));
        var open = await (await Submit(w.PartnerA, Entry("m2", w.PlacementA, new LocalDate(2025, 3, 4), 90),
            Entry("m3", w.PlacementA, new LocalDate(2025, 3, 5), 60))).Read<HourEntriesResponse>();
        await (await api.Admin().PostJson($"/v1/hours/{open.Items[1].Id}/reject", new RejectHoursRequest("Dubbel"))).Read<HourEntryResponse>();
        await (await Submit(w.PartnerB, Entry("b1", w.PlacementB, new LocalDate(2025, 3, 6), 45))).Read<HourEntriesResponse>();
        return w;
    }

    [Fact]
    public async Task Hours_per_organisation_per_month_add_up_the_placement_summaries_and_the_csv_parses_back_to_the_json()
    {
        var w = await Hours();

        var json = await (await api.Finance().GetAsync("/v1/hours/per-organisation?from=2025-01&to=2025-03")).Read<HoursPerOrganisationResponse>();
        var csv = await (await api.Finance().GetCsv("/v1/hours/per-organisation?from=2025-01&to=2025-03"))
            .ReadCsv<HoursRow>(HoursHeader, "hours-per-organisation.csv");

        Assert.Equal(json.Items, csv.Select(r => r.ToResponse()));
        var mine = json.Items.Where(r => r.OrganisationId == w.OrgA || r.OrganisationId == w.OrgB).ToList();
        var nameA = mine[0].OrganisationName;
        Assert.Equal(
        [
            new OrganisationMonthHoursResponse(w.OrgA, nameA, new YearMonth(2025, 2), 0, 0, 0, 1080, 2, 1),
            new OrganisationMonthHoursResponse(w.OrgA, nameA, new YearMonth(2025, 3), 90, 120, 60, 0, 3, 1),
            new OrganisationMonthHoursResponse(w.OrgB, mine[2].OrganisationName, new YearMonth(2025, 3), 45, 0, 0, 0, 1, 1),
        ], mine);
        foreach (var row in mine)
        {
            var placement = row.OrganisationId == w.OrgA ? w.PlacementA : w.PlacementB;
            var summary = await (await api.Finance().GetAsync($"/v1/placements/{placement}/hours/summary?month={YearMonthPattern.Iso.Format(row.Month)}"))
                .Read<HoursSummaryResponse>();
            Assert.Equal((summary.SubmittedMinutes, summary.ApprovedMinutes, summary.RejectedMinutes, summary.PaidMinutes),
                ((int)row.SubmittedMinutes, (int)row.ApprovedMinutes, (int)row.RejectedMinutes, (int)row.PaidMinutes));
        }
    }

    [Fact]
    public async Task A_partner_sees_its_own_organisation_only_in_json_and_csv()
    {
        var w = await Hours();

        var own = await (await w.PartnerB.GetAsync("/v1/hours/per-organisation?from=2025-01&to=2025-12")).Read<HoursPerOrganisationResponse>();
        var other = await (await w.PartnerB.GetAsync($"/v1/hours/per-organisation?from=2025-01&to=2025-12&organisationId={w.OrgA}"))
            .Read<HoursPerOrganisationResponse>();
        var csv = await (await w.PartnerB.GetCsv("/v1/hours/per-organisation?from=2025-01&to=2025-12")).ReadCsv<HoursRow>(HoursHeader, "hours-per-organisation.csv");
        var otherCsv = await (await w.PartnerB.GetCsv($"/v1/hours/per-organisation?from=2025-01&to=2025-12&organisationId={w.OrgA}"))
            .ReadCsv<HoursRow>(HoursHeader, "hours-per-organisation.csv");

        Assert.Equal(w.OrgB, own.OrganisationId);
        Assert.Equal([(w.OrgB, 45L)], own.Items.Select(r => (r.OrganisationId, r.SubmittedMinutes)));
        Assert.Equal(own.Items, csv.Select(r => r.ToResponse()));
        Assert.Empty(other.Items);
        Assert.Empty(otherCsv);
    }

    [Fact]
    public async Task The_payout_runs_csv_has_a_row_per_report_line_with_the_json_figures()
    {
        var w = await Create(api);
        await w.Approved(Entry("r1", w.PlacementA, new LocalDate(2025, 3, 3), 600));
        var other = await Create(api, rate: null);
        await other.Approved(Entry("r2", other.PlacementA, new LocalDate(2025, 3, 3), 600));
        await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 3)))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        var runs = await api.Finance().AllPages<PayoutRunResponse>("/v1/payout-runs?period=2025-03");
        var csv = await (await api.Finance().GetAsync("/v1/payout-runs?period=2025-03&format=csv")).ReadCsv<RunRow>(RunsHeader, "payout-runs.csv");
        var none = await (await api.Finance().GetCsv("/v1/payout-runs?period=2025-04")).ReadCsv<RunRow>(RunsHeader, "payout-runs.csv");

        var expected = runs.SelectMany(r => r.Volunteers.Select(l => (r.Id!.Value, YearMonthPattern.Iso.Format(r.Period), "completed",
            InstantPattern.ExtendedIso.Format(r.CreatedAt), r.PayoutCount, r.PaidCents, l.VolunteerId, l.Minutes, l.GrossCents, l.PaidCents, l.TrimmedCents,
            l.TrimmedBy, l.PayoutId, l.Skipped, l.SponsorshipId))).ToList();
        Assert.Equal(expected, csv.Select(r => (r.RunId, r.Period, r.Status, r.CreatedAt, r.PayoutCount, r.RunPaid, r.VolunteerId, r.Minutes, r.Gross,
            r.Paid, r.Trimmed, string.IsNullOrEmpty(r.TrimmedBy) ? null : r.TrimmedBy, r.PayoutId, string.IsNullOrEmpty(r.Skipped) ? null : r.Skipped,
            r.SponsorshipId)));
        Assert.Contains(csv, r => r.VolunteerId == w.VolunteerId && r.Paid == 5_000 && r.PayoutId is not null);
        Assert.Contains(csv, r => r.VolunteerId == other.VolunteerId && r.Skipped == "no_agreement_rate");
        Assert.Empty(none);
    }

    [Fact]
    public async Task The_payout_runs_csv_filtered_by_period_holds_that_periods_runs_only_and_unfiltered_holds_every_run()
    {
        var january = await Create(api);
        await january.Approved(Entry("jan", january.PlacementA, new LocalDate(2025, 1, 6), 600));
        var february = await Create(api);
        await february.Approved(Entry("feb", february.PlacementA, new LocalDate(2025, 2, 3), 600));
        var janRun = await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 1))))
            .Read<PayoutRunResponse>(HttpStatusCode.Created);
        var febRun = await (await api.Admin().PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(2025, 2))))
            .Read<PayoutRunResponse>(HttpStatusCode.Created);

        var filtered = await (await api.Finance().GetCsv("/v1/payout-runs?period=2025-01")).ReadCsv<RunRow>(RunsHeader, "payout-runs.csv");
        var all = await (await api.Finance().GetCsv("/v1/payout-runs")).ReadCsv<RunRow>(RunsHeader, "payout-runs.csv");

        Assert.NotEmpty(filtered);
        Assert.All(filtered, r => Assert.Equal("2025-01", r.Period));
        Assert.Contains(filtered, r => (r.RunId, r.VolunteerId) == (janRun.Id, january.VolunteerId));
        Assert.DoesNotContain(filtered, r => r.RunId == febRun.Id);
        var listed = await api.Finance().AllPages<PayoutRunResponse>("/v1/payout-runs");
        Assert.Equal(listed.SelectMany(r => r.Volunteers.Select(l => (r.Id!.Value, l.VolunteerId))), all.Select(r => (r.RunId, r.VolunteerId)));
        Assert.Contains(all, r => (r.RunId, r.VolunteerId) == (janRun.Id, january.VolunteerId));
        Assert.Contains(all, r => (r.RunId, r.VolunteerId) == (febRun.Id, february.VolunteerId));
    }
}
