using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using CsvHelper.Configuration.Attributes;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Tests.Exports;

public sealed class PayoutCsvTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    internal const string Header =
        "id,volunteer_id,agreement_id,kind,amount_cents,period,status,description,receipt_reference,created_at,updated_at,payout_run_id,sponsorship_id,payee_name,payee_iban";

    /// <summary>The columns README documents, read by name.</summary>
    public sealed class PayoutRow
    {
        [Name("id")] public long Id { get; set; }
        [Name("volunteer_id")] public long VolunteerId { get; set; }
        [Name("agreement_id")] public long AgreementId { get; set; }
        [Name("kind")] public string Kind { get; set; } = "";
        [Name("amount_cents")] public long AmountCents { get; set; }
        [Name("period")] public string Period { get; set; } = "";
        [Name("status")] public string Status { get; set; } = "";
        [Name("description")] public string? Description { get; set; }
        [Name("receipt_reference")] public string? ReceiptReference { get; set; }
        [Name("created_at")] public string CreatedAt { get; set; } = "";
        [Name("updated_at")] public string UpdatedAt { get; set; } = "";
        [Name("payout_run_id")] public long? PayoutRunId { get; set; }
        [Name("sponsorship_id")] public long? SponsorshipId { get; set; }
        [Name("payee_name")] public string? PayeeName { get; set; }
        [Name("payee_iban")] public string? PayeeIban { get; set; }

        public PayoutResponse ToResponse() => new(Id, VolunteerId, AgreementId, Enum.Parse<PayoutKind>(Kind, ignoreCase: true), AmountCents,
            YearMonthPattern.Iso.Parse(Period).Value, Enum.Parse<PayoutStatus>(Status, ignoreCase: true), string.IsNullOrEmpty(Description) ? null : Description,
            string.IsNullOrEmpty(ReceiptReference) ? null : ReceiptReference, InstantPattern.ExtendedIso.Parse(CreatedAt).Value,
            InstantPattern.ExtendedIso.Parse(UpdatedAt).Value, PayoutRunId, SponsorshipId,
            string.IsNullOrEmpty(PayeeName) ? null : PayeeName, string.IsNullOrEmpty(PayeeIban) ? null : PayeeIban);
    }

    private async Task<(Enrolled Anna, Enrolled Joris)> TwoVolunteersPaid()
    {
        var anna = await api.Enrol();
        var joris = await api.Enrol();
        // Created with one key and approved with another, as four eyes will require.
        await api.Admin().Pay(PayoutKit.Payout(anna.VolunteerId, 8_900, 2, description: "Koffie, \"gastvrouw\"\r\nen tuin"));
        var paid = await api.Admin().Pay(PayoutKit.Payout(anna.VolunteerId, 1_250, 2, PayoutKind.Expense, receipt: "BON-77"));
        await (await api.Finance().Act(paid.Id, "approve")).Read<PayoutResponse>();
        await (await api.Finance().Act(paid.Id, "mark-paid")).Read<PayoutResponse>();
        await api.Admin().Pay(PayoutKit.Payout(joris.VolunteerId, 15_000, 3, PayoutKind.Travel));
        var cancelled = await api.Admin().Pay(PayoutKit.Payout(joris.VolunteerId, 2_000, 3, PayoutKind.Gift, description: "=HYPERLINK(\"x\")"));
        await (await api.Finance().Act(cancelled.Id, "cancel", reason: "dubbel")).Read<PayoutResponse>();
        return (anna, joris);
    }

    [Fact]
    public async Task The_csv_parses_back_to_the_json_list_field_for_field_by_accept_header_or_format()
    {
        var (anna, joris) = await TwoVolunteersPaid();
        var json = await api.Finance().AllPages<PayoutResponse>("/v1/payouts");

        using var byHeader = await api.Finance().GetCsv("/v1/payouts");
        using var byFormat = await api.Finance().GetAsync("/v1/payouts?format=csv");

        var rows = await byHeader.ReadCsv<PayoutRow>(Header, "payouts.csv");
        Assert.Equal(4, json.Count(p => p.VolunteerId == anna.VolunteerId || p.VolunteerId == joris.VolunteerId));
        // A cell that a spreadsheet would run as a formula is escaped with a leading apostrophe; everything else reads back as stored.
        Assert.Equal("'=HYPERLINK(\"x\")", rows.Single(r => r.Kind == "gift" && r.VolunteerId == joris.VolunteerId).Description);
        Assert.Equal(json.Select(p => p.Description?.StartsWith('=') == true ? p with { Description = "'" + p.Description } : p), rows.Select(r => r.ToResponse()));
        Assert.Equal(await byHeader.Content.ReadAsStringAsync(), await byFormat.Content.ReadAsStringAsync());
        Assert.Contains("\"Koffie, \"\"gastvrouw\"\"\r\nen tuin\"", await byFormat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("&status=pending")]
    [InlineData("&kind=expense")]
    [InlineData("&from=2025-03&to=2025-03")]
    [InlineData("&from=2025-02&status=paid")]
    public async Task The_csv_takes_the_filters_of_the_list(string filter)
    {
        var (anna, _) = await TwoVolunteersPaid();
        var url = $"/v1/payouts?volunteerId={anna.VolunteerId}{filter}";
        var json = await api.Finance().AllPages<PayoutResponse>(url);
        var all = await api.Finance().AllPages<PayoutResponse>("/v1/payouts" + "?" + filter[1..]);

        var mine = await (await api.Finance().GetCsv(url)).ReadCsv<PayoutRow>(Header, "payouts.csv");
        var everyone = await (await api.Admin().GetCsv("/v1/payouts?" + filter[1..])).ReadCsv<PayoutRow>(Header, "payouts.csv");

        Assert.Equal(json, mine.Select(r => r.ToResponse()));
        Assert.Equal(all.Select(p => p.Id), everyone.Select(r => r.Id));
        Assert.NotEmpty(all);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("application/json, text/csv;q=0.5")]
    [InlineData("text/csv;q=0")]
    [InlineData("*/*")]
    public async Task Json_stays_the_default(string? accept)
    {
        await TwoVolunteersPaid();

        using var response = accept is null ? await api.Finance().GetAsync("/v1/payouts") : await api.Finance().GetCsv("/v1/payouts", accept);

        Assert.Equal("application/json", response.ContentType()?.MediaType);
        Assert.NotEmpty((await response.Read<Page<PayoutResponse>>()).Items);
    }

    [Fact]
    public async Task Format_json_wins_over_accept_and_text_csv_ranked_first_gets_csv()
    {
        await TwoVolunteersPaid();

        using var forced = await api.Finance().GetCsv("/v1/payouts?format=json");
        using var ranked = await api.Finance().GetCsv("/v1/payouts", "application/json;q=0.8, text/csv");

        Assert.Equal("application/json", forced.ContentType()?.MediaType);
        Assert.Equal("text/csv", ranked.ContentType()?.MediaType);
    }

    [Fact]
    public async Task Paging_parameters_are_refused_with_csv_and_nothing_is_streamed()
    {
        using var response = await api.Finance().GetCsv("/v1/payouts?limit=10&cursor=djE6MQ");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["cursor", "limit"], problem.ErrorFields());
        Assert.Equal("The CSV export holds every matching row; limit and cursor page the JSON list only.", (string?)problem["errors"]!["limit"]![0]);
    }

    [Fact]
    public async Task An_empty_export_is_the_header_alone()
    {
        using var response = await api.Finance().GetCsv("/v1/payouts?volunteerId=999999");

        Assert.Empty(await response.ReadCsv<PayoutRow>(Header, "payouts.csv"));
        Assert.Equal(Header + "\r\n", await response.Content.ReadAsStringAsync());
    }
}
