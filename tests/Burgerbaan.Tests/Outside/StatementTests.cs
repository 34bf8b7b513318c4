using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using NodaTime;

namespace Burgerbaan.Tests.Outside;

/// <summary>
/// The annual statement: its figures are the headroom endpoint's, the scheme and the declarations apart, expenses apart, a plain
/// sentence on the limits; the CSV parses back to the same figures and the HTML page encodes every value and runs nothing.
/// </summary>
public sealed class StatementTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string Source2025 = "Belastingdienst, \"Vrijwilligersvergoedingen\" and \"Vergoeding voor inzet en voor kosten\": the published figures " +
        "for 2025, fixed in this service.";

    /// <summary>January paid, March over its limit by a declaration, an expense in March, a cancelled April gift, a June declaration.</summary>
    private async Task<(long VolunteerId, OutsideAllowanceResponse March, OutsideAllowanceResponse June)> Year()
    {
        var volunteer = await api.Volunteer("Fatima", "El Amrani", new LocalDate(1990, 5, 17));
        await api.Agreement(volunteer.Id, PayoutKit.YearStart, PayoutKit.YearEnd);
        var admin = api.Admin();
        await admin.Pay(PayoutKit.Payout(volunteer.Id, 10000, 1));
        await admin.Pay(PayoutKit.Payout(volunteer.Id, 15000, 3, PayoutKind.Travel));
        await admin.Pay(PayoutKit.Payout(volunteer.Id, 1250, 3, PayoutKind.Expense, receipt: "BON-3"));
        var gift = await admin.Pay(PayoutKit.Payout(volunteer.Id, 3000, 4, PayoutKind.Gift));
        await (await api.Finance().Act(gift.Id, "cancel")).Read<PayoutResponse>();
        var march = await api.Finance().Declared(volunteer.Id, OutsideKit.Declaration(3, 10000, OutsideAllowanceKind.Gift, "<script>alert('x')</script> & Co"));
        var june = await api.Finance().Declared(volunteer.Id, OutsideKit.Declaration(6, 4000, OutsideAllowanceKind.Travel, "Voedselbank Almere"));
        return (volunteer.Id, march, june);
    }

    [Fact]
    public async Task The_statements_figures_are_the_headroom_endpoints_with_the_scheme_the_declarations_and_the_expenses_apart()
    {
        var (volunteerId, march, june) = await Year();

        var statement = await api.Client(ApiRole.Coordinator).Statement(volunteerId);
        var headroom = await api.Finance().Headroom(volunteerId);

        Assert.Equal(headroom.Months, statement.Months.Select(m => new MonthHeadroomResponse(m.Period, m.LimitCents, m.CountedCents, m.HeadroomCents)));
        Assert.Equal((headroom.LegalAnnualLimitCents, headroom.EffectiveAnnualCapCents, headroom.CountedCents, headroom.HeadroomCents),
            (statement.Limits.AnnualCents, statement.EffectiveAnnualCapCents, statement.CountedCents, statement.HeadroomCents));
        Assert.Equal(new StatementMonth(new YearMonth(2025, 1), 21000, 10000, 0, 10000, 11000, 0, false), statement.Months[0]);
        Assert.Equal(new StatementMonth(new YearMonth(2025, 3), 21000, 15000, 10000, 25000, 0, 1250, true), statement.Months[2]);
        Assert.Equal(new StatementMonth(new YearMonth(2025, 4), 21000, 0, 0, 0, 21000, 0, false), statement.Months[3]);
        Assert.Equal(new StatementMonth(new YearMonth(2025, 6), 21000, 0, 4000, 4000, 17000, 0, false), statement.Months[5]);
        Assert.Equal((25000L, 14000L, 39000L, 171000L, 1250L), (statement.SchemeCents, statement.OutsideCents, statement.CountedCents, statement.HeadroomCents, statement.ExpenseCents));
        Assert.Equal(new StatementLimits(210000, 21000, 560, 330, true, Source2025), statement.Limits);
        Assert.Equal(("Fatima", "El Amrani", new LocalDate(1990, 5, 17), 2025), (statement.FirstName, statement.LastName, statement.DateOfBirth, statement.Year));
        Assert.False(statement.AllLimitsHeld);
        Assert.Equal("In 2025 not every limit held: 2025-03 counted EUR 250.00 against the monthly limit of EUR 210.00. The scheme's own payouts " +
            "stayed within every limit; the excess comes from allowances declared from other organisations.", statement.Conclusion);
        Assert.Equal([march, june], statement.OutsideAllowances);
        Assert.Equal(await api.Finance().OutsideAllowances(volunteerId), statement.OutsideAllowances);
        Assert.Equal(BurgerbaanApiFactory.Start, statement.GeneratedAt);
    }

    [Fact]
    public async Task A_year_within_every_limit_says_so_in_one_sentence_and_a_removed_declaration_is_left_out()
    {
        var enrolled = await api.Enrol();
        await api.Admin().Pay(PayoutKit.Payout(enrolled.VolunteerId, 21000, 2));
        var removed = await api.Finance().Declared(enrolled.VolunteerId, OutsideKit.Declaration(5, 9000));
        Assert.Equal(HttpStatusCode.NoContent, (await api.Finance().Remove(enrolled.VolunteerId, removed.Id)).StatusCode);

        var statement = await api.Finance().Statement(enrolled.VolunteerId);

        Assert.True(statement.AllLimitsHeld);
        Assert.Equal("In 2025 every limit held: no month counted more than the monthly limit of EUR 210.00, and the year's total of EUR 210.00 " +
            "stayed within the annual limit of EUR 2,100.00.", statement.Conclusion);
        Assert.Empty(statement.OutsideAllowances);
        Assert.Equal((21000L, 0L, 21000L), (statement.SchemeCents, statement.OutsideCents, statement.CountedCents));
        Assert.All(statement.Months, m => Assert.False(m.OverLimit));
    }

    private sealed class CsvRow
    {
        [Name("record_type")] public required string RecordType { get; init; }
        [Name("volunteer_id")] public long VolunteerId { get; init; }
        [Name("period")] public required string Period { get; init; }
        [Name("legal_limit_cents")] public long? LegalLimitCents { get; init; }
        [Name("limit_cents")] public long? LimitCents { get; init; }
        [Name("scheme_cents")] public long? SchemeCents { get; init; }
        [Name("outside_cents")] public long OutsideCents { get; init; }
        [Name("counted_cents")] public long? CountedCents { get; init; }
        [Name("headroom_cents")] public long? HeadroomCents { get; init; }
        [Name("expense_cents")] public long? ExpenseCents { get; init; }
        [Name("over_limit")] public bool OverLimit { get; init; }
        [Name("outside_allowance_id")] public long? OutsideAllowanceId { get; init; }
        [Name("organisation_name")] public string? OrganisationName { get; init; }
        [Name("kind")] public string? Kind { get; init; }
    }

    [Fact]
    public async Task The_csv_parses_back_to_the_same_figures_by_accept_and_by_format()
    {
        var (volunteerId, march, june) = await Year();
        var statement = await api.Finance().Statement(volunteerId);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/volunteers/{volunteerId}/statements/2025");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var byAccept = await api.Finance().SendAsync(request);
        using var byFormat = await api.Finance().GetAsync($"/v1/volunteers/{volunteerId}/statements/2025?format=csv");

        Assert.Equal(HttpStatusCode.OK, byAccept.StatusCode);
        Assert.Equal("text/csv", byAccept.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", byAccept.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"attachment; filename=\"statement-{volunteerId}-2025.csv\"", byAccept.Content.Headers.ContentDisposition?.ToString());
        var text = await byAccept.Content.ReadAsStringAsync();
        Assert.Equal(text, await byFormat.Content.ReadAsStringAsync());
        using var csv = new CsvReader(new StringReader(text), CultureInfo.InvariantCulture);
        var rows = csv.GetRecords<CsvRow>().ToList();

        var months = rows.Where(r => r.RecordType == "month").ToList();
        Assert.Equal(statement.Months.Select(m => (m.Period.ToString("yyyy-MM", CultureInfo.InvariantCulture), m.LimitCents, m.SchemeCents, m.OutsideCents,
                m.CountedCents, m.HeadroomCents, m.ExpenseCents, m.OverLimit)),
            months.Select(r => (r.Period, r.LimitCents!.Value, r.SchemeCents!.Value, r.OutsideCents, r.CountedCents!.Value, r.HeadroomCents!.Value,
                r.ExpenseCents!.Value, r.OverLimit)));
        Assert.All(months, r => Assert.Equal(volunteerId, r.VolunteerId));
        Assert.Equal([(march.Id, "2025-03", 10000L, "<script>alert('x')</script> & Co", "gift", true), (june.Id, "2025-06", 4000L, "Voedselbank Almere", "travel", false)],
            rows.Where(r => r.RecordType == "outside_allowance").Select(r => (r.OutsideAllowanceId!.Value, r.Period, r.OutsideCents, r.OrganisationName!, r.Kind!, r.OverLimit)));
        var year = Assert.Single(rows, r => r.RecordType == "year");
        Assert.Equal(("2025", 210000L, statement.EffectiveAnnualCapCents, statement.SchemeCents, statement.OutsideCents, statement.CountedCents,
                statement.HeadroomCents, statement.ExpenseCents, true),
            (year.Period, year.LegalLimitCents!.Value, year.LimitCents!.Value, year.SchemeCents!.Value, year.OutsideCents, year.CountedCents!.Value,
                year.HeadroomCents!.Value, year.ExpenseCents!.Value, year.OverLimit));
        Assert.Equal(12 + 2 + 1, rows.Count);
    }

    [Fact]
    public async Task The_html_page_encodes_every_value_runs_nothing_and_names_the_limits_and_their_source()
    {
        var (volunteerId, _, _) = await Year();

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/volunteers/{volunteerId}/statements/2025");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await api.Finance().SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"],
            response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co</td>", html, StringComparison.Ordinal);
        Assert.Contains("<p>Fatima El Amrani, born 1990-05-17", html, StringComparison.Ordinal);
        Assert.Contains("<li>Per year: EUR 2,100.00</li><li>Per month: EUR 210.00</li><li>Per hour, 21 and older: EUR 5.60; under 21: EUR 3.30</li>",
            html, StringComparison.Ordinal);
        Assert.Contains("Source: Belastingdienst, &quot;Vrijwilligersvergoedingen&quot; and &quot;Vergoeding voor inzet en voor kosten&quot;", html, StringComparison.Ordinal);
        Assert.Contains("<strong>In 2025 not every limit held: 2025-03 counted EUR 250.00 against the monthly limit of EUR 210.00.", html, StringComparison.Ordinal);
        Assert.Contains("<tr class=\"over\"><td>2025-03</td><td>EUR 150.00</td><td>EUR 100.00</td><td>EUR 250.00</td><td>EUR 210.00</td><td>EUR 0.00</td><td>EUR 12.50</td></tr>",
            html, StringComparison.Ordinal);

        using var json = new HttpRequestMessage(HttpMethod.Get, $"/v1/volunteers/{volunteerId}/statements/2025?format=html");
        json.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        Assert.Equal(html, await (await api.Finance().SendAsync(json)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_volunteers_years_without_limits_and_unknown_formats_are_refused()
    {
        var enrolled = await api.Enrol();

        await (await api.Finance().GetAsync("/v1/volunteers/987654321/statements/2025")).Problem(HttpStatusCode.NotFound, "not_found");
        var missing = await (await api.Finance().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/statements/2026"))
            .Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
        Assert.Equal("No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.", (string?)missing["detail"]);
        var format = await (await api.Finance().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/statements/2025?format=pdf"))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["format"], format.ErrorFields());
        var year = await (await api.Finance().GetAsync($"/v1/volunteers/{enrolled.VolunteerId}/statements/1999"))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["year"], year.ErrorFields());
    }
}
