using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>The SROI report: place-months, value, money per sponsorship and obligation, pseudonyms, JSON and CSV.</summary>
public sealed class SroiReportTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Start2024 = new(2024, 1, 1), End2025 = new(2025, 12, 31);
    private readonly SponsorWorld _sponsors = new(api);

    private static string Json(object value) => JsonSerializer.Serialize(value, BurgerbaanApiFactory.Json);

    /// <summary>
    /// README's worked example: a company, an obligation of EUR 100,000 for 2024-2025, a sponsorship of 10 places for those two years, ten
    /// allocated volunteers (one consented to be named) and two payouts.
    /// </summary>
    private async Task<(long Sponsor, long Obligation, SponsorshipMade Sponsorship, long Named, long Paid)> TenPlacesForTwoYears()
    {
        var sponsor = await _sponsors.CreateSponsor("Bouwbedrijf Flevo BV");
        var obligation = await _sponsors.CreateObligation(sponsor, 10_000_000, Start2024, End2025);
        var sponsorship = await _sponsors.CreateSponsorship(sponsor, 10, Start2024, End2025, obligation);
        var named = await api.Volunteer("Fatima", "El Amrani");
        await api.Agreement(named.Id, new LocalDate(2025, 1, 1), End2025);
        await _sponsors.Allocate(sponsorship.Id, named.Id, Start2024, End2025, nameInReports: true);
        var paid = 0L;
        for (var i = 0; i < 9; i++)
        {
            var enrolled = await api.Enrol();
            await _sponsors.Allocate(sponsorship.Id, enrolled.VolunteerId, Start2024, End2025);
            if (i < 2)
            {
                paid = (await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, 17_500, 2))).Id;
            }
        }
        await api.Finance().Pay(PayoutKit.Payout(named.Id, 3_000, 2, PayoutKind.Expense, receipt: "BON-9"));
        return (sponsor, obligation, sponsorship, named.Id, paid);
    }

    [Fact]
    public async Task Ten_places_for_two_years_meet_an_obligation_of_100000_euro_and_places_stay_pseudonyms()
    {
        var (sponsor, obligation, sponsorship, _, paid) = await TenPlacesForTwoYears();
        (await api.Finance().Act(paid, "cancel")).EnsureSuccessStatusCode(); // cancelled payouts are not paid from the sponsorship

        var response = await api.Client(ApiRole.Coordinator).GetAsync($"/v1/sponsors/{sponsor}/obligations/{obligation}/sroi-report");
        var text = await response.Content.ReadAsStringAsync();
        var report = await response.Read<SroiReportResponse>();

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var places = Enumerable.Range(1, 10).Select(i => new SroiPlace($"place {i}", 24, i == 1 ? ["Fatima El Amrani"] : [])).ToList();
        var expected = new SroiReportResponse(sponsor, "Bouwbedrijf Flevo BV", obligation, new YearMonth(2024, 1), new YearMonth(2025, 12),
            [new SroiSponsorshipLine(sponsorship.Id, obligation, Start2024, End2025, 10, SponsorshipStatus.Committed, 240, 20m, 500_000, 10_000_000,
                17_500, 5_000_000, 100m, places)],
            [new SroiObligationLine(obligation, "AL-2023-0412", "Gemeente Almere", Start2024, End2025, 10_000_000, 500_000, 240, 20m, 10_000_000, 0, 100m)],
            new SroiTotals(240, 20m, 10_000_000, 17_500, 5_000_000, 5_000_000, 0, 0, 10_000_000, 0, 100m));
        Assert.Equal(Json(expected), Json(report));
        Assert.Equal(5_000_000, sponsorship.AmountDueCents);
        Assert.DoesNotContain("de Jong", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Anna", text, StringComparison.Ordinal);
        Assert.DoesNotContain("volunteerId", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handed_over_and_revoked_places_count_the_months_they_touch_and_the_window_narrows_them()
    {
        var sponsor = await _sponsors.CreateSponsor("Zorggroep Almere");
        var sponsorship = await _sponsors.CreateSponsorship(sponsor, 2, new LocalDate(2025, 1, 1), End2025);
        var cancelled = await _sponsors.CreateSponsorship(sponsor, 1, new LocalDate(2025, 1, 1), End2025);
        var (a, b, c, d) = (await api.Enrol(), await api.Enrol(), await api.Enrol(), await api.Enrol());
        await _sponsors.Allocate(sponsorship.Id, a.VolunteerId, new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 10));
        await _sponsors.Allocate(sponsorship.Id, b.VolunteerId, new LocalDate(2025, 3, 15), new LocalDate(2025, 6, 30));
        var revoked = await _sponsors.Allocate(sponsorship.Id, c.VolunteerId, new LocalDate(2025, 2, 1), End2025);
        await _sponsors.RevokeConsent(revoked, new LocalDate(2025, 5, 1));
        await _sponsors.Allocate(cancelled.Id, d.VolunteerId, new LocalDate(2025, 1, 1), End2025);
        await _sponsors.SetStatus(sponsorship.Id, SponsorshipStatus.Invoiced);
        await _sponsors.SetStatus(cancelled.Id, SponsorshipStatus.Cancelled);

        var year = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/sroi-report?from=2025-01&to=2025-12")).Read<SroiReportResponse>();
        var spring = await (await api.Finance().GetAsync($"/v1/sponsors/{sponsor}/sroi-report?from=2025-03&to=2025-04")).Read<SroiReportResponse>();
        var whole = await (await api.Finance().GetAsync($"/v1/sponsors/{sponsor}/sroi-report")).Read<SroiReportResponse>();

        // place 1: A (Jan-Mar) then B (Mar-Jun) = 6 months; place 2: C until its consent was revoked on 1 May = Feb-Apr, 3 months.
        Assert.Equal([("place 1", 6), ("place 2", 3)], year.Sponsorships[0].PlaceList.Select(p => (p.Place, p.PlaceMonths)));
        Assert.Equal((9, 0.75m, 375_000L, (decimal?)null), (year.Sponsorships[0].PlaceMonths, year.Sponsorships[0].PlaceYears,
            year.Sponsorships[0].SroiValueCents, year.Sponsorships[0].PercentageMet));
        Assert.Equal((SponsorshipStatus.Cancelled, 0, 0L), (year.Sponsorships[1].Status, year.Sponsorships[1].PlaceMonths, year.Sponsorships[1].SroiValueCents));
        Assert.Empty(year.Sponsorships[1].PlaceList);
        var due = SponsorWorld.ProRata(2, 250_000, new LocalDate(2025, 1, 1), End2025);
        Assert.Equal(new SroiTotals(9, 0.75m, 375_000, 0, due, 0, due, 0, null, null, null), year.Totals);
        Assert.Empty(year.Obligations);
        // March and April only: 2 places x 2 months; 4 x 500,000 / 12 = 166,666.67, rounded down to the cent.
        Assert.Equal((4, 0.33m, 166_666L), (spring.Totals.PlaceMonths, spring.Totals.PlaceYears, spring.Totals.SroiValueCents));
        Assert.Equal((new YearMonth(2025, 1), new YearMonth(2025, 12)), (whole.From, whole.To));
        Assert.Equal(Json(year), Json(whole));
    }

    [Fact]
    public async Task The_report_as_csv_has_the_documented_columns_by_accept_header_or_format()
    {
        var (sponsor, obligation, sponsorship, _, _) = await TenPlacesForTwoYears();
        var url = $"/v1/sponsors/{sponsor}/obligations/{obligation}/sroi-report";
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        using var byHeader = await api.Finance().SendAsync(request);
        using var byFormat = await api.Finance().GetAsync(url + "?format=csv");
        var csv = await byHeader.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, byHeader.StatusCode);
        Assert.Equal("text/csv", byHeader.Content.Headers.ContentType?.MediaType);
        Assert.Equal($"attachment; filename=\"sroi-report-obligation-{obligation}.csv\"", byHeader.Content.Headers.ContentDisposition?.ToString());
        Assert.Equal(csv, await byFormat.Content.ReadAsStringAsync());
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        Assert.Equal("record_type,sponsor_id,sponsorship_id,obligation_id,place,names,start_date,end_date,places,status,place_months,place_years," +
            "value_per_place_year_cents,sroi_value_cents,allowance_paid_cents,amount_due_cents,obligation_cents,remaining_obligation_cents,percentage_met", lines[0]);
        Assert.Equal($"sponsorship,{sponsor},{sponsorship.Id},{obligation},,,2024-01-01,2025-12-31,10,committed,240,20.00,500000,10000000,35000,5000000,,,100.00", lines[1]);
        Assert.Equal($"place,{sponsor},{sponsorship.Id},{obligation},place 1,Fatima El Amrani,,,,,24,2.00,,,,,,,", lines[2]);
        Assert.Equal($"place,{sponsor},{sponsorship.Id},{obligation},place 10,,,,,,24,2.00,,,,,,,", lines[11]);
        Assert.Equal($"obligation,{sponsor},,{obligation},,,2024-01-01,2025-12-31,,,240,20.00,500000,10000000,,,10000000,0,100.00", lines[12]);
        Assert.Equal($"total,{sponsor},,{obligation},,,2024-01-01,2025-12-31,,,240,20.00,,10000000,35000,5000000,10000000,0,100.00", lines[13]);
    }

    [Fact]
    public async Task A_sponsor_key_reads_only_its_own_sponsor()
    {
        var (sponsor, obligation, _, _, _) = await TenPlacesForTwoYears();
        var other = await _sponsors.CreateSponsor("Ander Bedrijf BV");
        var otherObligation = await _sponsors.CreateObligation(other, 5_000_000, Start2024, End2025);
        var own = await _sponsors.SponsorKey(sponsor);

        var report = await (await own.GetAsync($"/v1/sponsors/{sponsor}/sroi-report")).Read<SroiReportResponse>();
        await (await own.GetAsync($"/v1/sponsors/{other}/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await own.GetAsync($"/v1/sponsors/{other}/obligations/{otherObligation}/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await own.GetAsync($"/v1/sponsors/{sponsor}/obligations/{otherObligation}/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await own.GetAsync("/v1/payouts")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await own.GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal((sponsor, 100m), (report.SponsorId, report.Totals.PercentageMet));
        Assert.Equal(obligation, Assert.Single(report.Obligations).ObligationId);
    }

    [Fact]
    public async Task A_deactivated_sponsors_key_stops_working()
    {
        var sponsor = await _sponsors.CreateSponsor("Gestopt BV");
        var key = await _sponsors.SponsorKey(sponsor);
        await _sponsors.DeactivateSponsor(sponsor);

        await (await key.GetAsync($"/v1/sponsors/{sponsor}/sroi-report")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        var report = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/sroi-report")).Read<SroiReportResponse>();
        Assert.Empty(report.Sponsorships);
    }

    [Theory]
    [InlineData("?from=2025-13", "from")]
    [InlineData("?from=2025-06&to=2025-05", "to")]
    [InlineData("?format=xml", "format")]
    [InlineData("?format=CSV", "format")]
    [InlineData("?from=2025-01&from=2025-02", "from")]
    [InlineData("?to=2025-03-01", "to")]
    [InlineData("?sponsorshipId=1", "sponsorshipId")]
    public async Task Bad_report_queries_are_refused_naming_the_parameter(string query, string field)
    {
        var sponsor = await _sponsors.CreateSponsor("Querybedrijf BV");

        var problem = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/sroi-report{query}")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
    }

    [Theory]
    [InlineData("?format=xml", "format")]
    [InlineData("?format=CSV", "format")]
    [InlineData("?format=csv&format=json", "format")]
    [InlineData("?from=2025-01", "from")]
    [InlineData("?to=2025-12", "to")]
    public async Task Bad_obligation_report_queries_are_refused_naming_the_parameter(string query, string field)
    {
        var sponsor = await _sponsors.CreateSponsor("Querybedrijf Verplichting BV");
        var obligation = await _sponsors.CreateObligation(sponsor, 10_000_000, Start2024, End2025);

        var problem = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/obligations/{obligation}/sroi-report{query}"))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal([field], problem.ErrorFields());
    }

    [Fact]
    public async Task Another_sponsors_obligation_is_not_found_under_this_sponsor()
    {
        var sponsor = await _sponsors.CreateSponsor("Eigen Verplichting BV");
        var other = await _sponsors.CreateSponsor("Vreemde Verplichting BV");
        var theirs = await _sponsors.CreateObligation(other, 5_000_000, Start2024, End2025);

        var problem = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/obligations/{theirs}/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
        var own = await (await api.Admin().GetAsync($"/v1/sponsors/{other}/obligations/{theirs}/sroi-report")).Read<SroiReportResponse>();

        Assert.Equal("No obligation with that id is visible to this key.", (string?)problem["detail"]);
        Assert.Equal(theirs, own.ObligationId);
    }

    [Fact]
    public async Task An_unknown_sponsor_or_obligation_is_not_found()
    {
        var sponsor = await _sponsors.CreateSponsor("Zonder Verplichting BV");

        await (await api.Admin().GetAsync("/v1/sponsors/999999/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor}/obligations/999999/sroi-report")).Problem(HttpStatusCode.NotFound, "not_found");
    }
}
