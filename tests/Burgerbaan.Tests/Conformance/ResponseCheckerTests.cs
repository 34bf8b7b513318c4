namespace Burgerbaan.Tests.Conformance;

/// <summary>The checker the fuzz test relies on notices each way an answer can break the contract (and passes one that keeps it).</summary>
public sealed class ResponseCheckerTests
{
    private const string Yaml = """
        openapi: 3.0.4
        paths:
          /v1/things/{id}:
            get:
              operationId: GetThing
              responses:
                '200':
                  content:
                    application/json:
                      schema:
                        $ref: '#/components/schemas/Thing'
                '404':
                  content:
                    application/problem+json:
                      schema:
                        $ref: '#/components/schemas/ProblemDetails'
        components:
          schemas:
            Thing:
              required: [id, day]
              type: object
              properties:
                id:
                  type: integer
                  format: int64
                day:
                  type: string
                  format: date
                note:
                  type: string
                  nullable: true
                kind:
                  allOf:
                    - $ref: '#/components/schemas/Kind'
                  nullable: true
              additionalProperties: false
            Kind:
              enum: [a, b]
              type: string
            ProblemDetails:
              type: object
              properties:
                type:
                  type: string
                status:
                  type: integer
                code:
                  type: string
        """;

    private static readonly ResponseChecker Checker = new(OpenApiDocument.Parse(Yaml), new Dictionary<string, int> { ["not_found"] = 404, ["conflict"] = 409 });

    private static IReadOnlyList<string> Check(int status, string? media, string body) =>
        Checker.Check(Checker.Document.Operations.Single(), status, media, body);

    [Theory]
    [InlineData(200, "application/json", """{"id":1,"day":"2025-03-14"}""")]
    [InlineData(200, "application/json", """{"id":1,"day":"2025-03-14","note":null,"kind":null}""")]
    [InlineData(200, "application/json", """{"id":1,"day":"2025-03-14","note":"x","kind":"b"}""")]
    [InlineData(404, "application/problem+json", """{"type":"urn:burgerbaan:problem:not_found","status":404,"code":"not_found"}""")]
    public void An_answer_that_keeps_the_contract_has_no_findings(int status, string media, string body) =>
        Assert.Empty(Check(status, media, body));

    [Theory]
    [InlineData(500, "application/problem+json", """{"type":"urn:burgerbaan:problem:not_found","status":500,"code":"not_found"}""", "answered 500")]
    [InlineData(409, "application/problem+json", """{"type":"urn:burgerbaan:problem:conflict","status":409,"code":"conflict"}""", "status 409 is not documented")]
    [InlineData(200, "text/plain", "ok", "media type 'text/plain' is not documented")]
    [InlineData(200, "application/json", "", "documents a body")]
    [InlineData(200, "application/json", "{", "is not JSON")]
    [InlineData(200, "application/json", """{"id":"1","day":"2025-03-14"}""", "schema: /id")]
    [InlineData(200, "application/json", """{"id":null,"day":"2025-03-14"}""", "schema: /id")]
    [InlineData(200, "application/json", """{"day":"2025-03-14"}""", "schema: ")]
    [InlineData(200, "application/json", """{"id":1,"day":"14-03-2025"}""", "schema: /day")]
    [InlineData(200, "application/json", """{"id":1,"day":"2025-03-14","kind":"c"}""", "schema: /kind")]
    [InlineData(200, "application/json", """{"id":1,"day":"2025-03-14","extra":1}""", "schema: ")]
    [InlineData(404, "application/json", """{"type":"urn:burgerbaan:problem:not_found","status":404,"code":"not_found"}""", "not documented")]
    [InlineData(404, "application/problem+json", """{"type":"urn:burgerbaan:problem:gone","status":404,"code":"gone"}""", "problem code 'gone' is not in README's table")]
    [InlineData(404, "application/problem+json", """{"type":"urn:burgerbaan:problem:conflict","status":404,"code":"conflict"}""", "README's table says 409")]
    [InlineData(404, "application/problem+json", """{"type":"urn:burgerbaan:problem:not_found","status":400,"code":"not_found"}""", "status field is 400")]
    [InlineData(404, "application/problem+json", """{"type":"about:blank","status":404,"code":"not_found"}""", "the problem's type is 'about:blank'")]
    public void An_answer_that_breaks_the_contract_is_a_finding(int status, string media, string body, string expected)
    {
        var findings = Check(status, media, body);

        Assert.Contains(findings, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_problem_codes_are_read_from_the_readme_table()
    {
        var codes = ResponseChecker.ReadmeProblemCodes(File.ReadAllText(Path.Combine(Infrastructure.RepositoryRoot.Path, "README.md")));

        Assert.Equal(400, codes["validation_failed"]);
        Assert.Equal(422, codes["sponsorship_mismatch"]);
        Assert.Equal(415, codes["unsupported_media_type"]);
        Assert.True(codes.Count >= 30, $"only {codes.Count} codes read");
    }
}
