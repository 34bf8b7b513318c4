using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// Every body-taking endpoint, as admin, against the bad bodies of <see cref="BadBodyCases"/>: each is a 4xx
/// problem with a stable code (naming the field in camelCase where there is one), never a 500, and writes nothing.
/// </summary>
public sealed class BadBodyTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    public static TheoryData<string> Cases() => new(BadBodyCases.ByName.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> Endpoints() => new(BadBodyCases.Endpoints.Select(e => e.ToString()));

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task The_valid_body_each_bad_one_is_made_from_is_accepted(string endpoint)
    {
        var e = BadBodyCases.Endpoints.Single(x => x.ToString() == endpoint);
        var valid = e.Valid(world);
        Assert.True(valid.ContainsKey(e.Fields[0].Name), "the valid body must hold the first field (the duplicate case repeats it)");

        using var response = await Send(e, valid.ToJsonString(), "application/json");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{endpoint}: expected 2xx for the valid body, got {(int)response.StatusCode}: {text}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Bad_body_is_a_4xx_problem_with_a_stable_code_and_writes_nothing(string name)
    {
        var c = BadBodyCases.ByName[name];
        var before = await world.Scalar<long>(c.Endpoint.StateSql);

        using var response = await Send(c.Endpoint, c.Body(c.Endpoint.Valid(world)), c.ContentType);

        var problem = await response.Problem(c.Status, c.Code);
        AssertFieldErrors(problem, c.Field);
        if (c.Message is not null)
        {
            Assert.Contains(c.Message, (string?)problem["errors"]![c.Field!]![0], StringComparison.Ordinal);
        }
        Assert.Equal(before, await world.Scalar<long>(c.Endpoint.StateSql));
    }

    [Fact]
    public async Task Missing_required_fields_are_all_named_in_camel_case()
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/placements", "{}");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["activity", "organisationId", "startDate", "volunteerId"], problem.ErrorFields());
        Assert.All(problem["errors"]!.AsObject(), e => Assert.Equal("This field is required.", (string?)e.Value![0]));
    }

    [Fact]
    public async Task Explicit_null_for_a_required_field_says_so()
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations", """{"name": null, "kind": "care"}""");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal("This field may not be null.", (string?)problem["errors"]!["name"]![0]);
    }

    [Fact]
    public async Task Annotation_errors_use_the_json_names_in_keys_and_messages()
    {
        var body = $$"""{"name": "{{new string('n', 201)}}", "kind": "care", "email": "not an address"}""";
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations", body);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["email", "name"], problem.ErrorFields());
        Assert.Equal("Validation failed", (string?)problem["title"]);
        var messages = string.Join(" ", problem["errors"]!.AsObject().SelectMany(e => e.Value!.AsArray()).Select(m => (string?)m));
        Assert.Contains("name", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("Name", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("Email", messages, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_body_is_named_as_such()
    {
        using var response = await world.Admin().PostAsync("/v1/volunteers", null);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "malformed_request");

        Assert.Equal("A required parameter or the request body is missing.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Malformed_json_blames_the_body_not_the_field_the_reader_was_in()
    {
        using var response = await world.Admin().SendRaw(HttpMethod.Post, "/v1/organisations", """{"name": "a", "kind": """);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["body"], problem.ErrorFields());
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_field_is_a_400_naming_the_field()
    {
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"name\": \"Stichting "), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes("\", \"kind\": \"care\"}")];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");

        using var response = await world.Admin().PostAsync("/v1/organisations", content);

        Assert.Equal(["name"], (await response.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
    }

    [Fact]
    public async Task Blank_names_are_refused_and_blank_optional_text_clears_the_field()
    {
        var volunteer = await world.Volunteer("Blank", "Test");
        using var blankName = await world.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new { lastName = "  " }, "*");
        Assert.Equal(["lastName"], (await blankName.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());

        using var blankPhone = await world.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new { phone = "   " }, "*");

        var updated = await blankPhone.Read<Contracts.VolunteerResponse>();
        Assert.Equal("Test", updated.LastName);
        Assert.Null(updated.Phone);
    }

    /// <summary>Field errors name the expected field; every key is a JSON (camelCase) name.</summary>
    internal static void AssertFieldErrors(JsonObject problem, string? field)
    {
        var fields = problem.ErrorFields();
        if (field is not null)
        {
            Assert.Contains(field, fields);
        }
        Assert.All(fields, f => Assert.True(char.IsAsciiLetterLower(f[0]), $"error key '{f}' is not camelCase"));
        var text = problem.ToJsonString();
        Assert.True(text.Length < 2_000, $"the problem echoes the request ({text.Length} characters)");
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Burgerbaan.", text, StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Send(BodyEndpoint e, string? body, string? contentType)
    {
        var request = new HttpRequestMessage(new HttpMethod(e.Method), world.Resolve(e.Path));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = contentType is null ? null : new(contentType) { CharSet = "utf-8" };
        }
        if (e.Method == "PATCH")
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }
        return (e.As?.Invoke(world) ?? world.Admin()).SendAsync(request);
    }
}
