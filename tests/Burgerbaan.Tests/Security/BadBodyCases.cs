using System.Net;
using System.Text.Json.Nodes;

namespace Burgerbaan.Tests.Security;

/// <summary>How a body field is typed, which decides the bad values it is tried with.</summary>
public enum Kind
{
    /// <summary>A name-like text: not blank, length-limited.</summary>
    Name,
    /// <summary>Optional text (an empty string clears it on PATCH).</summary>
    Text,
    Date,
    /// <summary>The id of another resource (a long).</summary>
    Id,
    /// <summary>A count or amount that must be 1 or more.</summary>
    Positive,
    Enum,
    Bool,
}

public sealed record Field(string Name, Kind Kind, bool Required = false);

/// <summary>
/// An endpoint that takes a body: where it lives, a body it accepts (from the seeded ids; it holds the first
/// field), its fields, and a SQL scalar (a row count or the target's version) that must not move when a request
/// is refused.
/// </summary>
public sealed record BodyEndpoint(string Method, string Path, string StateSql, Func<SecurityWorld, JsonObject> Valid, params Field[] Fields)
{
    public override string ToString() => $"{Method} {Path}";
}

/// <summary>One bad request: the body (from the valid one; null sends none) and the problem it must get.</summary>
public sealed record BodyCase(string Name, BodyEndpoint Endpoint, Func<JsonObject, string?> Body, HttpStatusCode Status, string Code,
    string? Field = null, string? ContentType = "application/json");

/// <summary>The bad bodies, generated per endpoint and per field: add an endpoint or a field here and it is covered.</summary>
public static class BadBodyCases
{
    public static readonly BodyEndpoint[] Endpoints =
    [
        new("POST", "/v1/api-keys", "SELECT COUNT(*) FROM api_keys",
            _ => new() { ["name"] = "Bad input desk", ["role"] = "website" },
            new("name", Kind.Name, true), new("role", Kind.Enum, true), new("organisationId", Kind.Id)),
        new("POST", "/v1/organisations", "SELECT COUNT(*) FROM organisations",
            _ => new() { ["name"] = "Stichting Proef", ["kind"] = "nonprofit", ["kvkNumber"] = "12345678", ["email"] = "info@proef.nl" },
            new("name", Kind.Name, true), new("kind", Kind.Enum, true), new("kvkNumber", Kind.Text), new("email", Kind.Text)),
        new("PATCH", "/v1/organisations/{organisation}", "SELECT version FROM organisations WHERE id = {organisation}",
            w => new() { ["name"] = w.Own.Name },
            new("name", Kind.Name), new("kind", Kind.Enum), new("kvkNumber", Kind.Text), new("email", Kind.Text), new("active", Kind.Bool)),
        new("POST", "/v1/volunteers", "SELECT COUNT(*) FROM volunteers",
            _ => new() { ["firstName"] = "Bram", ["lastName"] = "Visser", ["dateOfBirth"] = "1985-06-15", ["email"] = "bram@example.org", ["phone"] = "0611111111", ["iban"] = "NL91 ABNA 0417 1643 00" },
            new("firstName", Kind.Name, true), new("lastName", Kind.Name, true), new("dateOfBirth", Kind.Date, true),
            new("email", Kind.Text), new("phone", Kind.Text), new("iban", Kind.Text)),
        new("PATCH", "/v1/volunteers/{volunteer}", "SELECT version FROM volunteers WHERE id = {volunteer}",
            w => new() { ["firstName"] = w.Volunteer.FirstName, ["phone"] = "0622222222" },
            new("firstName", Kind.Name), new("lastName", Kind.Name), new("dateOfBirth", Kind.Date),
            new("email", Kind.Text), new("phone", Kind.Text), new("iban", Kind.Text), new("active", Kind.Bool)),
        new("POST", "/v1/volunteers/{volunteer}/agreements", "SELECT COUNT(*) FROM agreements",
            _ => new() { ["startDate"] = "2027-01-01", ["endDate"] = "2027-12-31", ["hourlyRateCents"] = 500, ["annualBudgetCents"] = 100_000 },
            new("startDate", Kind.Date, true), new("endDate", Kind.Date, true), new("hourlyRateCents", Kind.Positive), new("annualBudgetCents", Kind.Positive)),
        new("POST", "/v1/volunteers/{volunteer}/agreements/{agreement}/extend", "SELECT version FROM agreements WHERE id = {agreement}",
            _ => new() { ["months"] = 1 },
            new Field("months", Kind.Positive, true)),
        new("POST", "/v1/placements", "SELECT COUNT(*) FROM placements",
            w => new() { ["volunteerId"] = w.Volunteer.Id, ["organisationId"] = w.Own.Id, ["startDate"] = "2025-04-01", ["activity"] = "Tuinonderhoud", ["endDate"] = "2025-09-30", ["hoursPerWeek"] = 6 },
            new("volunteerId", Kind.Id, true), new("organisationId", Kind.Id, true), new("startDate", Kind.Date, true),
            new("activity", Kind.Name, true), new("endDate", Kind.Date), new("hoursPerWeek", Kind.Positive)),
        new("PATCH", "/v1/placements/{placement}", "SELECT version FROM placements WHERE id = {placement}",
            w => new() { ["startDate"] = w.Placement.StartDate.ToString("yyyy-MM-dd", null), ["hoursPerWeek"] = 8 },
            new("startDate", Kind.Date), new("endDate", Kind.Date), new("activity", Kind.Name), new("hoursPerWeek", Kind.Positive)),
    ];

    // Declared before BadValues, which uses it: static fields initialise in order.
    private static readonly string Long = "\"" + new string('x', 10_000) + "\"";

    /// <summary>Raw JSON values per kind that must be refused, each with a description for the test name.</summary>
    private static readonly Dictionary<Kind, (string What, string Json)[]> BadValues = new()
    {
        [Kind.Name] = [("a number", "12345"), ("an object", "{}"), ("empty", "\"\""), ("blank", "\"   \""), ("10,000 characters", Long)],
        [Kind.Text] = [("a number", "12345"), ("an array", "[\"a\"]"), ("10,000 characters", Long)],
        [Kind.Date] =
        [
            ("a number", "20250101"), ("2025-02-30", "\"2025-02-30\""), ("2025-13-01", "\"2025-13-01\""), ("not a date", "\"not a date\""),
            ("an instant", "\"2025-03-14T09:00:00Z\""), ("Dutch order", "\"14-03-2025\""), ("0001-01-01", "\"0001-01-01\""), ("9999-12-31", "\"9999-12-31\""),
        ],
        [Kind.Id] = [("a string", "\"12\""), ("a fraction", "1.5"), ("2^63", "9223372036854775808"), ("-1", "-1"), ("a bool", "true")],
        [Kind.Positive] = [("a string", "\"12\""), ("a fraction", "1.5"), ("2^63", "9223372036854775808"), ("-1", "-1"), ("0", "0"), ("2^31", "2147483648")],
        [Kind.Enum] = [("unknown", "\"bogus\""), ("empty", "\"\""), ("a number", "1")],
        [Kind.Bool] = [("\"yes\"", "\"yes\""), ("\"true\"", "\"true\""), ("1", "1")],
    };

    public static IReadOnlyDictionary<string, BodyCase> ByName { get; } = Generate().ToDictionary(c => c.Name, StringComparer.Ordinal);

    private static IEnumerable<BodyCase> Generate()
    {
        foreach (var e in Endpoints)
        {
            var first = e.Fields[0].Name;
            yield return new($"{e}: malformed JSON", e, _ => $"{{\"{first}\": ", HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: trailing garbage", e, v => v.ToJsonString() + " x", HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: a JSON array", e, v => new JsonArray(v.DeepClone()).ToJsonString(), HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: a JSON string", e, _ => "\"text\"", HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: a JSON number", e, _ => "42", HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: JSON null", e, _ => "null", HttpStatusCode.BadRequest, "malformed_request");
            yield return new($"{e}: nested 64 deep", e, v => With(v, first, new string('[', 64) + new string(']', 64)), HttpStatusCode.BadRequest, "validation_failed", "body");
            yield return new($"{e}: unknown extra field", e, v => With(v, "surprise", "1"), HttpStatusCode.BadRequest, "validation_failed", "surprise");
            yield return new($"{e}: duplicate field", e, v => v.ToJsonString()[..^1] + $",\"{first}\":{v[first]!.ToJsonString()}}}",
                HttpStatusCode.BadRequest, "validation_failed", first);
            yield return new($"{e}: no body", e, _ => null, HttpStatusCode.BadRequest, "malformed_request");
            yield return new($"{e}: text/plain", e, v => v.ToJsonString(), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", ContentType: "text/plain");
            yield return new($"{e}: no content type", e, v => v.ToJsonString(), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", ContentType: null);
            yield return new($"{e}: body over 2 MiB", e, v => With(v, "padding", "\"" + new string('p', 2 * 1024 * 1024 + 1) + "\""),
                HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
            foreach (var field in e.Fields)
            {
                foreach (var (what, json) in BadValues[field.Kind])
                {
                    yield return new($"{e}: {field.Name} {what}", e, v => With(v, field.Name, json), HttpStatusCode.BadRequest, "validation_failed", field.Name);
                }
                if (field.Required)
                {
                    yield return new($"{e}: {field.Name} null", e, v => With(v, field.Name, "null"), HttpStatusCode.BadRequest, "validation_failed", field.Name);
                    yield return new($"{e}: {field.Name} missing", e, v => Without(v, field.Name), HttpStatusCode.BadRequest, "validation_failed", field.Name);
                }
            }
        }
    }

    private static string With(JsonObject valid, string field, string rawJson)
    {
        var body = valid.DeepClone().AsObject();
        body[field] = JsonNode.Parse(rawJson, documentOptions: new() { MaxDepth = 128 });
        return body.ToJsonString();
    }

    private static string Without(JsonObject valid, string field)
    {
        var body = valid.DeepClone().AsObject();
        body.Remove(field);
        return body.ToJsonString();
    }
}
