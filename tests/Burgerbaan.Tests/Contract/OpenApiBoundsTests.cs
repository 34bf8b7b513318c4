using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Contract;

/// <summary>
/// The bounds and requirements the document declares for the OWASP lint and for generated clients (issue 11,
/// BoundsDocumentFilter) are the ones the server keeps: a declared bound the server did not enforce would be a lie
/// clients build on.
/// </summary>
public sealed class OpenApiBoundsTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly string[] Methods = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Operations_that_honour_idempotency_key_declare_it_and_no_other_does()
    {
        var operations = await Operations();

        var declaring = operations.Where(o => Parameters(o).Any(p => (string?)p["name"] == "Idempotency-Key")).ToList();
        var promising = operations.Where(o => ((string?)o["description"] ?? "").Contains("Idempotency-Key", StringComparison.Ordinal)).ToList();

        Assert.Equal(["ApprovePayouts", "CancelPayouts", "CreateOutsideAllowance", "CreatePaymentBatch", "CreatePayout", "CreatePayoutRun", "RejectPayouts", "SubmitHours"], declaring.Select(o => (string)o["operationId"]!).Order(StringComparer.Ordinal));
        Assert.Equal(declaring.Select(o => (string)o["operationId"]!).Order(StringComparer.Ordinal),
            promising.Select(o => (string)o["operationId"]!).Order(StringComparer.Ordinal));
        foreach (var operation in declaring)
        {
            var header = Parameters(operation).Single(p => (string?)p["name"] == "Idempotency-Key");
            Assert.Equal("header", (string?)header["in"]);
            Assert.NotEqual(true, (bool?)header["required"]);
            Assert.Equal(1, (int?)header["schema"]!["minLength"]);
            // The server refuses 201 characters (IdempotencyTests pins that on CreatePayout).
            Assert.Equal(200, (int?)header["schema"]!["maxLength"]);
        }
    }

    [Fact]
    public async Task Only_the_four_public_operations_are_anonymous_and_they_say_so()
    {
        var anonymous = (await Operations()).Where(o => o["security"]!.AsArray().Single()!.AsObject().Count == 0)
            .Select(o => (string)o["operationId"]!).Order(StringComparer.Ordinal);

        Assert.Equal(["CreateApplication", "GetPublicStats", "ListFaq", "ListOpportunities"], anonymous);
    }

    [Fact]
    public async Task The_longest_cursor_the_service_makes_fits_the_declared_bound_and_a_longer_one_is_refused()
    {
        var declared = (await Operations()).SelectMany(Parameters).Where(p => (string?)p["name"] == "cursor")
            .Select(p => (int)p["schema"]!["maxLength"]!).Distinct().Single();

        Assert.True(Paging.Encode(long.MaxValue).Length <= declared);
        var problem = await (await api.Admin().GetAsync("/v1/volunteers?cursor=" + new string('A', declared + 1)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["cursor"], problem.ErrorFields());
    }

    private async Task<List<JsonNode>> Operations()
    {
        var response = await api.Anonymous().GetAsync("/swagger/v1/swagger.json");
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Where(o => Methods.Contains(o.Key)).Select(o => o.Value!))
            .ToList();
    }

    private static IEnumerable<JsonNode> Parameters(JsonNode operation) => operation["parameters"]?.AsArray().Select(p => p!) ?? [];
}
