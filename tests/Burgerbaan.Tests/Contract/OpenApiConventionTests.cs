using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Contract;

/// <summary>
/// What the served document promises beyond its drift test: every PATCH declares If-Match, every problem response
/// shows an example its status really carries (one listed in README's problem-code table), and the ranges that
/// used to live only in prose are in the schemas.
/// </summary>
public sealed partial class OpenApiConventionTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_patch_requires_if_match_and_declares_what_it_answers()
    {
        var patches = (await Operations()).Where(o => o.Method == "patch").ToList();

        Assert.NotEmpty(patches);
        foreach (var (_, path, operation) in patches)
        {
            var ifMatch = Assert.Single(Parameters(operation), p => (string?)p["name"] == "If-Match");
            Assert.Equal("header", (string?)ifMatch["in"]);
            Assert.True((bool?)ifMatch["required"] == true, $"PATCH {path}: If-Match must be required");
            Assert.Subset(Statuses(operation), new HashSet<string> { "400", "412", "428" });
        }
    }

    [Fact]
    public async Task Operations_that_honour_if_match_declare_it_as_optional_with_its_400_and_412()
    {
        var honouring = (await Operations())
            .Where(o => o.Method != "patch" && Parameters(o.Operation).Any(p => (string?)p["name"] == "If-Match" && (bool?)p["required"] != true))
            .ToList();

        Assert.Equal(
            ["ApprovePayout", "CancelPayout", "ExtendAgreement", "MarkPaymentBatchPaid", "MarkPayoutPaid", "RejectPayout", "VoidPaymentBatch"],
            honouring.Select(o => (string)o.Operation["operationId"]!).Order(StringComparer.Ordinal));
        foreach (var (method, path, operation) in honouring)
        {
            var ifMatch = Assert.Single(Parameters(operation), p => (string?)p["name"] == "If-Match");
            Assert.Equal("header", (string?)ifMatch["in"]);
            Assert.True((bool?)ifMatch["required"] != true, $"{method} {path}: If-Match is optional there");
            Assert.Contains("If-Match is honoured when sent", (string?)operation["description"], StringComparison.Ordinal);
            Assert.Subset(Statuses(operation), new HashSet<string> { "400", "412" });
        }
    }

    [Fact]
    public async Task Operations_other_than_patch_that_require_if_match_declare_it_required_with_its_412_and_428()
    {
        var requiring = (await Operations())
            .Where(o => o.Method != "patch" && Parameters(o.Operation).Any(p => (string?)p["name"] == "If-Match" && (bool?)p["required"] == true))
            .ToList();

        Assert.Equal(["DeleteVolunteer"], requiring.Select(o => (string)o.Operation["operationId"]!));
        Assert.Subset(Statuses(requiring[0].Operation), new HashSet<string> { "400", "412", "428" });
    }

    [Fact]
    public async Task Every_problem_response_shows_an_example_whose_code_that_status_carries()
    {
        var document = await Document();
        var table = ReadmeProblemCodes();
        var checkedExamples = 0;
        foreach (var (method, path, operation) in await Operations())
        {
            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                if (response!["content"]?["application/problem+json"] is not { } media)
                {
                    continue;
                }
                var examples = media["examples"]?.AsObject();
                Assert.True(examples is { Count: > 0 }, $"{method} {path} {status}: a problem response without an example");
                foreach (var (name, example) in examples!)
                {
                    var value = Resolve(document, example!)["value"]!;
                    var code = (string)value["code"]!;
                    Assert.True(table.TryGetValue(code, out var listed), $"{method} {path} {status} example {name}: code {code} is not in README's table");
                    Assert.True(listed == int.Parse(status, System.Globalization.CultureInfo.InvariantCulture),
                        $"{method} {path} {status} example {name}: {code} is a {listed} in README");
                    Assert.Equal(listed, (int)value["status"]!);
                    Assert.Equal("urn:burgerbaan:problem:" + code, (string?)value["type"]);
                    checkedExamples++;
                }
            }
        }
        Assert.True(checkedExamples > 100, $"only {checkedExamples} examples seen");
    }

    [Fact]
    public async Task Ranges_from_the_prose_are_in_the_schemas()
    {
        var operations = await Operations();
        foreach (var (method, path, operation) in operations)
        {
            if (Parameters(operation).FirstOrDefault(p => (string?)p["name"] == "limit") is { } limit)
            {
                Assert.True((int?)limit["schema"]!["minimum"] == 1 && (int?)limit["schema"]!["maximum"] == 200 && (int?)limit["schema"]!["default"] == 50,
                    $"{method} {path}: limit is 1..200, default 50");
            }
        }
        var summary = Single(operations, "GetPlacementHoursSummary");
        var month = Assert.Single(Parameters(summary), p => (string?)p["name"] == "month");
        Assert.True((bool?)month["required"]);
        // Query months are held to 2000-01..2100-12 and query dates to 1900..2100 (QueryValues), like bodies.
        Assert.Equal("^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", (string?)month["schema"]!["pattern"]);
        foreach (var (id, name) in new[] { ("ListPayouts", "from"), ("ListPayouts", "to"), ("ListPayoutRuns", "period") })
        {
            var parameter = Assert.Single(Parameters(Single(operations, id)), p => (string?)p["name"] == name);
            Assert.Equal("^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", (string?)parameter["schema"]!["pattern"]);
        }
        foreach (var name in new[] { "from", "to" })
        {
            var date = Assert.Single(Parameters(Single(operations, "ListHours")), p => (string?)p["name"] == name)["schema"]!;
            Assert.Equal("date", (string?)date["format"]);
            var datePattern = new Regex((string)date["pattern"]!, RegexOptions.None, TimeSpan.FromSeconds(1));
            Assert.True(datePattern.IsMatch("1900-01-01") && datePattern.IsMatch("2100-12-31"));
            Assert.False(datePattern.IsMatch("1899-12-31") || datePattern.IsMatch("2101-01-01"));
        }
        foreach (var id in new[] { "PutAllowanceLimits", "GetAllowanceHeadroom" })
        {
            var year = Assert.Single(Parameters(Single(operations, id)), p => (string?)p["name"] == "year")["schema"]!;
            Assert.Equal((2000, 2100), ((int)year["minimum"]!, (int)year["maximum"]!));
        }
        var schemas = (await Document())["components"]!["schemas"]!;
        Assert.Equal("^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", (string?)schemas["CreatePayoutRequest"]!["properties"]!["period"]!["pattern"]);
        Assert.Equal("^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$", (string?)schemas["CreatePayoutRunRequest"]!["properties"]!["period"]!["pattern"]);
        var born = schemas["CreateVolunteerRequest"]!["properties"]!["dateOfBirth"]!;
        Assert.Equal("date", (string?)born["format"]);
        var pattern = new Regex((string)born["pattern"]!, RegexOptions.None, TimeSpan.FromSeconds(1));
        Assert.True(pattern.IsMatch("1900-01-01") && pattern.IsMatch("2100-12-31") && pattern.IsMatch("2004-03-20"));
        Assert.False(pattern.IsMatch("1899-12-31") || pattern.IsMatch("2101-01-01") || pattern.IsMatch("2004-13-01"));
    }

    [Fact]
    public async Task Authorize_help_keeps_its_key_placeholder_and_the_document_names_no_missing_feature()
    {
        var document = await Document();

        var help = (string)document["components"]!["securitySchemes"]!["bearer"]!["description"]!;
        Assert.Contains("`Authorization: Bearer <key>`", help, StringComparison.Ordinal);
        var about = (string)document["info"]!["description"]!;
        Assert.DoesNotContain("sponsor", about, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("intake", about, StringComparison.OrdinalIgnoreCase);
    }

    private async Task<JsonNode> Document()
    {
        var response = await api.Anonymous().GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<List<(string Method, string Path, JsonNode Operation)>> Operations() =>
        (await Document())["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => (o.Key, p.Key, o.Value!)))
            .ToList();

    private static JsonNode Single(List<(string Method, string Path, JsonNode Operation)> operations, string id) =>
        Assert.Single(operations, o => (string?)o.Operation["operationId"] == id).Operation;

    private static IEnumerable<JsonNode> Parameters(JsonNode operation) => operation["parameters"]?.AsArray().Select(p => p!) ?? [];

    private static HashSet<string> Statuses(JsonNode operation) => operation["responses"]!.AsObject().Select(r => r.Key).ToHashSet();

    private static JsonNode Resolve(JsonNode document, JsonNode node) =>
        node["$ref"] is { } reference
            ? ((string)reference!).TrimStart('#').Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(document, (n, part) => n[part]!)
            : node;

    /// <summary>README's problem-code table, the user's manual: code -> status.</summary>
    private static Dictionary<string, int> ReadmeProblemCodes() =>
        File.ReadLines(Path.Combine(RepositoryRoot.Path, "README.md"))
            .Select(line => TableRow().Match(line))
            .Where(m => m.Success)
            .ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^\| `([a-z_]+)` \| (\d{3}) \|")]
    private static partial Regex TableRow();
}
