using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// The findings of the first conformance fuzz run, each pinned: the answer the service gave, which the contract did not
/// allow, is now in openapi.yaml, and a refusal still writes nothing.
/// </summary>
public sealed class ConformanceRegressionTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly ResponseChecker Checker = ResponseChecker.ForRepository();

    private static async Task<string> Conforms(string operation, HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        var op = Checker.Document.Operations.Single(o => o.Key == operation);
        Assert.Empty(Checker.Check(op, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body));
        return body;
    }

    [Fact]
    public async Task Audit_entry_of_what_no_key_did_has_a_null_role_and_the_contract_allows_it()
    {
        using var response = await api.Admin().GetAsync("/v1/audit?entity=api_key&limit=1");

        var first = JsonNode.Parse(await Conforms("GET /v1/audit", response))!["items"]![0]!;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("api_key.created", (string?)first["action"]);
        Assert.Null(first["apiKeyId"]);
        Assert.Null(first["role"]);
    }

    [Fact]
    public async Task Sponsorship_mismatch_for_an_unallocated_month_carries_a_null_sponsorship_id_the_contract_allows()
    {
        var volunteer = await api.Volunteer();
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));

        using var response = await api.Admin().PostJson("/v1/payouts",
            new CreatePayoutRequest(volunteer.Id, PayoutKind.Travel, 100, new YearMonth(2025, 3), "Reiskosten", SponsorshipId: 5));

        await Conforms("POST /v1/payouts", response);
        var problem = await response.Problem((HttpStatusCode)422, "sponsorship_mismatch");
        Assert.True(problem.ContainsKey("sponsorshipId"));
        Assert.Null(problem["sponsorshipId"]);
        await NoPayoutsOf(volunteer.Id);
    }

    [Fact]
    public async Task A_body_not_sent_as_json_is_a_documented_415_and_writes_nothing()
    {
        var volunteer = await api.Volunteer();
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var json = $$"""{"volunteerId":{{volunteer.Id}},"kind":"travel","amountCents":100,"period":"2025-03"}""";

        using var response = await api.Admin().PostAsync("/v1/payouts", new StringContent(json, Encoding.UTF8, "text/plain"));

        await Conforms("POST /v1/payouts", response);
        await response.Problem(HttpStatusCode.UnsupportedMediaType, "unsupported_media_type");
        await NoPayoutsOf(volunteer.Id);
    }

    [Fact]
    public async Task A_body_over_2_MiB_is_a_documented_413_and_writes_nothing()
    {
        var volunteer = await api.Volunteer();
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var json = $$"""{"volunteerId":{{volunteer.Id}},"kind":"travel","amountCents":100,"period":"2025-03","description":"{{new string('a', 3 * 1024 * 1024)}}"}""";

        using var response = await api.Admin().SendRaw(HttpMethod.Post, "/v1/payouts", json);

        await Conforms("POST /v1/payouts", response);
        await response.Problem(HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
        await NoPayoutsOf(volunteer.Id);
    }

    [Fact]
    public async Task A_year_that_is_not_a_number_is_a_documented_404_and_sets_no_limits()
    {
        using var response = await api.Admin().SendRaw(HttpMethod.Put, "/v1/allowance-limits/abc",
            """{"annualCents":1000000,"monthlyCents":21000,"hourlyCents":560,"hourlyUnder21Cents":330}""", "*");

        await Conforms("PUT /v1/allowance-limits/{year}", response);
        await response.Problem(HttpStatusCode.NotFound, "not_found");
        var years = JsonNode.Parse(await (await api.Admin().GetAsync("/v1/allowance-limits")).Content.ReadAsStringAsync())!.AsArray()
            .Select(y => (int)y!["year"]!);
        Assert.Equal([2023, 2024, 2025], years.Order());
    }

    [Fact]
    public async Task A_null_tag_of_an_opportunity_is_a_400_naming_it_not_a_500_and_writes_nothing()
    {
        var organisation = await api.Organisation("Null tag " + Guid.NewGuid().ToString("n")[..8]);
        var title = "Null tag " + Guid.NewGuid().ToString("n");

        using var response = await api.Admin().SendRaw(HttpMethod.Post, "/v1/opportunities",
            $$"""{"title":"{{title}}","description":"Koffie","organisationId":{{organisation.Id}},"tags":["koken",null]}""");

        await Conforms("POST /v1/opportunities", response);
        Assert.Equal(["tags[1]"], (await response.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        var list = await (await api.Admin().GetAsync("/v1/opportunities?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(title, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_null_interest_of_an_application_is_a_400_naming_it_not_a_500_and_writes_nothing()
    {
        var name = "Null" + Guid.NewGuid().ToString("n")[..12];

        using var response = await api.Anonymous().SendRaw(HttpMethod.Post, "/v1/applications",
            $$"""{"firstName":"{{name}}","lastName":"Probe","consent":true,"email":"probe@example.org","interests":[null]}""");

        await Conforms("POST /v1/applications", response);
        Assert.Equal(["interests[0]"], (await response.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        var list = await (await api.Admin().GetAsync("/v1/applications?limit=200")).Content.ReadAsStringAsync();
        Assert.DoesNotContain(name, list, StringComparison.Ordinal);
    }

    private async Task NoPayoutsOf(long volunteerId)
    {
        var page = JsonNode.Parse(await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={volunteerId}")).Content.ReadAsStringAsync())!;
        Assert.Empty(page["items"]!.AsArray());
    }
}
