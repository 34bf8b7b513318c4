using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The input conventions beyond the generated bad bodies: exact spelling of names, unknown query parameters named
/// with what is allowed, messages that name the expected format, and line breaks only in multi-line text.
/// </summary>
public sealed class InputConventionTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    public static TheoryData<string> Endpoints() => new(BadBodyCases.Endpoints.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task A_property_name_in_another_case_is_an_unknown_field_and_writes_nothing(string endpoint)
    {
        var e = BadBodyCases.Endpoints.Single(x => x.ToString() == endpoint);
        var body = e.Valid(world);
        var first = e.Fields[0].Name;
        var pascal = char.ToUpperInvariant(first[0]) + first[1..];
        body[pascal] = body[first]!.DeepClone();
        body.Remove(first);
        var before = await world.Scalar<long>(e.StateSql);

        using var response = await Send(e, body.ToJsonString());

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([pascal], problem.ErrorFields());
        Assert.Equal("This field is not part of the request (names are camelCase, spelled exactly).", (string?)problem["errors"]![pascal]![0]);
        Assert.Equal(before, await world.Scalar<long>(e.StateSql));
    }

    [Fact]
    public async Task Every_unknown_field_is_named_at_once_and_nothing_is_stored()
    {
        var before = await (await world.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();

        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations",
            """{"name": "Stichting Extra", "kind": "care", "Name": "x", "website": "https://x.nl", "city": "Almere"}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["Name", "city", "website"], problem.ErrorFields());
        Assert.All(problem["errors"]!.AsObject(), e => Assert.Equal("This field is not part of the request (names are camelCase, spelled exactly).", (string?)e.Value![0]));
        Assert.Equal("One or more fields are invalid; see errors.", (string?)problem["detail"]);
        var after = await (await world.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();
        Assert.Equal(before.Items.Select(o => o.Id), after.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Unknown_fields_inside_a_list_are_all_named_with_the_elements_index()
    {
        var body = $$"""
            {"entries": [{"externalId": "unknown-0", "placementId": {{world.Placement.Id}}, "date": "2025-03-10", "minutes": 5},
              {"externalId": "unknown-1", "placementId": {{world.Placement.Id}}, "date": "2025-03-10", "minutes": 5, "hours": 1, "Minutes": 2}]}
            """;

        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/hours", body);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["entries[1].Minutes", "entries[1].hours"], problem.ErrorFields());
        var stored = await (await world.Admin().GetAsync($"/v1/hours?placementId={world.Placement.Id}&limit=200")).Read<Page<HourEntryResponse>>();
        Assert.DoesNotContain(stored.Items, e => e.ExternalId.StartsWith("unknown-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_fields_at_the_end_of_a_full_batch_are_named_too()
    {
        // 1,000 entries (well over the 30 KB a body used to be buffered in memory): the last one is read again from the buffer.
        var entries = Enumerable.Range(0, 1000).Select(i =>
            $$"""{"externalId": "big-{{i}}", "placementId": {{world.Placement.Id}}, "date": "2025-03-10", "minutes": 1, "description": "{{new string('x', 100)}}"}""").ToList();
        entries[^1] = entries[^1].Replace("\"minutes\": 1", "\"minutes\": 1, \"hours\": 1, \"Minutes\": 2", StringComparison.Ordinal);

        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/hours", $$"""{"entries": [{{string.Join(",\n", entries)}}]}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["entries[999].Minutes", "entries[999].hours"], problem.ErrorFields());
        var stored = await (await world.Admin().GetAsync($"/v1/hours?placementId={world.Placement.Id}&limit=200")).Read<Page<HourEntryResponse>>();
        Assert.DoesNotContain(stored.Items, e => e.ExternalId.StartsWith("big-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_named_with_the_ones_the_endpoint_takes()
    {
        using var response = await world.Admin().GetAsync("/v1/hours?month=2026-11");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["month"], problem.ErrorFields());
        Assert.Equal("Unknown query parameter; allowed: cursor, from, limit, organisationId, placementId, status, to, volunteerId.",
            (string?)problem["errors"]!["month"]![0]);
    }

    [Fact]
    public async Task Every_unknown_query_parameter_is_named_at_once_and_names_are_case_sensitive()
    {
        using var response = await world.Admin().GetAsync("/v1/payouts?Limit=5&status=pending&zzz=1&period=2025-03");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["Limit", "period", "zzz"], problem.ErrorFields());
    }

    [Fact]
    public async Task A_write_with_an_unknown_query_parameter_is_refused_and_stores_nothing()
    {
        var before = await (await world.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();

        using var response = await world.Admin().PostJson("/v1/organisations?dryRun=true", new CreateOrganisationRequest("Stichting Query", OrganisationKind.Other));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("Unknown query parameter; allowed: none.", (string?)problem["errors"]!["dryRun"]![0]);
        var after = await (await world.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();
        Assert.Equal(before.Items.Select(o => o.Id), after.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task An_unknown_query_parameter_is_not_checked_before_the_key()
    {
        using var response = await world.Anonymous().GetAsync("/v1/hours?month=2026-11");

        await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    [Theory]
    [InlineData("/v1/payouts?limit=abc", "limit", "Expected a whole number (no quotes, no fraction, within range).")]
    [InlineData("/v1/hours?placementId=1.5", "placementId", "Expected a whole number (no quotes, no fraction, within range).")]
    [InlineData("/v1/hours?from=2025-13-01", "from", "from must be a date as yyyy-MM-dd.")]
    [InlineData("/v1/payouts?from=2025-13", "from", "from must be a month as yyyy-MM.")]
    [InlineData("/v1/payouts?status=bogus", "status", "status must be one of pending, approved, paid, cancelled, rejected.")]
    [InlineData("/v1/hours?status=Submitted", "status", "status must be one of submitted, approved, rejected, paid.")]
    [InlineData("/v1/hours?from=1899-12-31", "from", "from must be a date as yyyy-MM-dd between 1900-01-01 and 2100-12-31.")]
    [InlineData("/v1/hours?to=2101-01-01", "to", "to must be a date as yyyy-MM-dd between 1900-01-01 and 2100-12-31.")]
    [InlineData("/v1/payouts?to=1999-12", "to", "to must be a month as yyyy-MM between 2000-01 and 2100-12.")]
    [InlineData("/v1/payout-runs?period=2101-01", "period", "period must be a month as yyyy-MM between 2000-01 and 2100-12.")]
    [InlineData("/v1/placements/1/hours/summary?month=1999-12", "month", "month must be a month as yyyy-MM between 2000-01 and 2100-12.")]
    [InlineData("/v1/sponsors/1/sroi-report?from=2025-13", "from", "from must be a month as yyyy-MM.")]
    [InlineData("/v1/sponsors/1/sroi-report?to=2101-01", "to", "to must be a month as yyyy-MM between 2000-01 and 2100-12.")]
    [InlineData("/v1/sponsors/1/sroi-report?format=pdf", "format", "format must be one of json, csv.")]
    [InlineData("/v1/sponsors/1/obligations/1/sroi-report?format=pdf", "format", "format must be one of json, csv.")]
    // Issue 10: the exports and the near-limit list.
    [InlineData("/v1/payouts?format=xlsx", "format", "format must be one of json, csv.")]
    [InlineData("/v1/payouts?format=csv&limit=5", "limit", "The CSV export holds every matching row; limit and cursor page the JSON list only.")]
    [InlineData("/v1/payout-runs?format=csv&cursor=djE6MQ", "cursor", "The CSV export holds every matching row; limit and cursor page the JSON list only.")]
    [InlineData("/v1/payout-runs?format=Csv", "format", "format must be one of json, csv.")]
    [InlineData("/v1/hours/per-organisation?to=2025-03", "from", "from is required, as yyyy-MM.")]
    [InlineData("/v1/hours/per-organisation?from=2025-03", "to", "to is required, as yyyy-MM.")]
    [InlineData("/v1/hours/per-organisation?from=2025-03&to=2025-02", "to", "to must not lie before from.")]
    [InlineData("/v1/hours/per-organisation?from=2023-01&to=2025-01", "to", "At most 24 months at once.")]
    [InlineData("/v1/hours/per-organisation?from=2025-1&to=2025-03", "from", "from must be a month as yyyy-MM.")]
    [InlineData("/v1/hours/per-organisation?from=2025-01&to=2025-03&organisationId=x", "organisationId", "Expected a whole number (no quotes, no fraction, within range).")]
    [InlineData("/v1/allowance/yearly-totals?year=1999", "year", "year must lie between 2000 and 2100.")]
    [InlineData("/v1/allowance/yearly-totals?year=twenty", "year", "Expected a whole number (no quotes, no fraction, within range).")]
    [InlineData("/v1/allowance/yearly-totals?limit=201", "limit", "limit must be between 1 and 200.")]
    [InlineData("/v1/allowance/near-limit?thresholdPercent=0", "thresholdPercent", "thresholdPercent must be a whole number from 1 to 100.")]
    [InlineData("/v1/allowance/near-limit?thresholdPercent=101", "thresholdPercent", "thresholdPercent must be a whole number from 1 to 100.")]
    [InlineData("/v1/allowance/near-limit?thresholdPercent=9.5", "thresholdPercent", "Expected a whole number (no quotes, no fraction, within range).")]
    [InlineData("/v1/allowance/near-limit?year=2101", "year", "year must lie between 2000 and 2100.")]
    [InlineData("/v1/allowance/near-limit?format=csv", "format", "Unknown query parameter; allowed: cursor, limit, thresholdPercent, year.")]
    public async Task A_malformed_query_value_names_the_expected_format(string path, string field, string message)
    {
        using var response = await world.Admin().GetAsync(path);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(message, (string?)problem["errors"]![field]![0]);
    }

    [Theory]
    [InlineData("""{"name": "Stichting", "kind": "Care"}""", "kind", "Expected one of: nonprofit, care, other.")]
    [InlineData("""{"name": "Stichting", "kind": 1}""", "kind", "Expected one of: nonprofit, care, other.")]
    [InlineData("""{"name": 12, "kind": "care"}""", "name", "Expected a string.")]
    [InlineData("""{"name": "Stichting\u202Egnirtsim", "kind": "care"}""", "name", "The text holds the bidirectional formatting character U+202E; these are not accepted.")]
    public async Task A_wrong_value_in_well_formed_json_names_the_field_and_does_not_say_the_json_is_invalid(string body, string field, string message)
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations", body);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(message, (string?)problem["errors"]![field]![0]);
        Assert.Equal("One or more fields are invalid; see errors.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Json_that_is_not_well_formed_says_so()
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations", """{"name": "Stichting", "kind": care}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["body"], problem.ErrorFields());
        Assert.Equal("The request body is not valid JSON, or not a JSON object; see errors.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task A_description_may_span_lines_and_reads_back_unchanged()
    {
        const string description = "Koffie geschonken\r\nTuin:\tgewied";
        var body = new SubmitHoursRequest([new HourEntryInput("multi-line-1", world.Placement.Id, SecurityWorld.HourDay, 5, description)]);

        await (await world.Admin().PostJson("/v1/hours", body)).Read<HourEntriesResponse>();

        var stored = await (await world.Admin().GetAsync($"/v1/hours?placementId={world.Placement.Id}&limit=200")).Read<Page<HourEntryResponse>>();
        Assert.Equal(description, stored.Items.Single(e => e.ExternalId == "multi-line-1").Description);
    }

    [Fact]
    public async Task A_name_with_a_line_break_is_refused_and_the_record_is_unchanged()
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Patch, $"/v1/volunteers/{world.Volunteer.Id}", """{"lastName": "Visser\nDROP"}""", "*");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["lastName"], problem.ErrorFields());
        Assert.StartsWith("The text holds the control character U+000A;", (string?)problem["errors"]!["lastName"]![0], StringComparison.Ordinal);
        var read = await (await world.Admin().GetAsync($"/v1/volunteers/{world.Volunteer.Id}")).Read<VolunteerResponse>();
        Assert.Equal(world.Volunteer.LastName, read.LastName);
    }

    private Task<HttpResponseMessage> Send(BodyEndpoint e, string body) =>
        (e.As?.Invoke(world) ?? world.Admin()).SendRaw(new HttpMethod(e.Method), world.Resolve(e.Path), body, e.Method == "PATCH" ? "*" : null);
}
