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
    /// <summary>A calendar month, yyyy-MM, between 2000-01 and 2100-12.</summary>
    Month,
    /// <summary>An identifier from the caller's own system: 1 to 100 characters, not blank, no control characters.</summary>
    Key,
    /// <summary>1 to 1,000 ids (longs).</summary>
    Ids,
    /// <summary>1 to 1,000 objects with the <see cref="Field.Items"/> fields; an error in one names it as list[i].field.</summary>
    List,
}

/// <param name="Items">For <see cref="Kind.List"/>: the fields of each element.</param>
public sealed record Field(string Name, Kind Kind, bool Required = false, params Field[] Items);

/// <summary>
/// An endpoint that takes a body: where it lives, a body it accepts (from the seeded ids; it holds the first
/// field), its fields, and a SQL scalar (a row count or the target's version) that must not move when a request
/// is refused.
/// </summary>
public sealed record BodyEndpoint(string Method, string Path, string StateSql, Func<SecurityWorld, JsonObject> Valid, params Field[] Fields)
{
    /// <summary>The key that sends the requests: admin unless the endpoint is for another role only (a volunteer's /v1/me).</summary>
    public Func<SecurityWorld, HttpClient>? As { get; init; }

    /// <summary>The body may be left out (or be JSON null): the cases that send none are then not bad input.</summary>
    public bool OptionalBody { get; init; }

    /// <summary>Bad bodies particular to this endpoint: what, the body made from the valid one, the status, code and field.</summary>
    public (string What, Func<JsonObject, string> Body, HttpStatusCode Status, string Code, string? Field)[] Extras { get; init; } = [];

    public override string ToString() => $"{Method} {Path}";
}

/// <summary>One bad request: the body (from the valid one; null sends none) and the problem it must get.</summary>
/// <param name="Message">When set, the field's first error message contains it (e.g. the expected format).</param>
public sealed record BodyCase(string Name, BodyEndpoint Endpoint, Func<JsonObject, string?> Body, HttpStatusCode Status, string Code,
    string? Field = null, string? ContentType = "application/json", string? Message = null);

/// <summary>
/// The bad bodies, generated per endpoint and per field (<see cref="Endpoints"/>, in BadBodyEndpoints.cs): add an
/// endpoint or a field there and it is covered.
/// </summary>
public static partial class BadBodyCases
{
    // Declared before BadValues, which uses it: static fields initialise in order.
    private static readonly string Long = "\"" + new string('x', 10_000) + "\"";

    private static readonly string Ids1001 = "[" + string.Join(",", Enumerable.Range(1, 1001)) + "]";

    /// <summary>
    /// Raw JSON values per kind that must be refused, each with a description for the test name and what the error key
    /// adds to the field's name (the index of a bad element: hourEntryIds[0]).
    /// </summary>
    private static readonly Dictionary<Kind, (string What, string Json, string At)[]> BadValues = new()
    {
        [Kind.Name] = [("a number", "12345", ""), ("an object", "{}", ""), ("empty", "\"\"", ""), ("blank", "\"   \"", ""), ("10,000 characters", Long, "")],
        [Kind.Text] = [("a number", "12345", ""), ("an array", "[\"a\"]", ""), ("10,000 characters", Long, "")],
        [Kind.Date] =
        [
            ("a number", "20250101", ""), ("2025-02-30", "\"2025-02-30\"", ""), ("2025-13-01", "\"2025-13-01\"", ""), ("not a date", "\"not a date\"", ""),
            ("an instant", "\"2025-03-14T09:00:00Z\"", ""), ("Dutch order", "\"14-03-2025\"", ""), ("0001-01-01", "\"0001-01-01\"", ""), ("9999-12-31", "\"9999-12-31\"", ""),
        ],
        [Kind.Id] = [("a string", "\"12\"", ""), ("a fraction", "1.5", ""), ("2^63", "9223372036854775808", ""), ("-1", "-1", ""), ("a bool", "true", "")],
        [Kind.Positive] = [("a string", "\"12\"", ""), ("a fraction", "1.5", ""), ("2^63", "9223372036854775808", ""), ("-1", "-1", ""), ("0", "0", ""), ("2^31", "2147483648", "")],
        [Kind.Enum] = [("unknown", "\"bogus\"", ""), ("empty", "\"\"", ""), ("a number", "1", "")],
        [Kind.Bool] = [("\"yes\"", "\"yes\"", ""), ("\"true\"", "\"true\"", ""), ("1", "1", "")],
        [Kind.Month] =
        [
            ("a number", "202503", ""), ("2025-13", "\"2025-13\"", ""), ("2025-3", "\"2025-3\"", ""), ("a date", "\"2025-03-01\"", ""),
            ("empty", "\"\"", ""), ("not a month", "\"maart\"", ""), ("0001-01", "\"0001-01\"", ""), ("9999-12", "\"9999-12\"", ""),
        ],
        [Kind.Key] =
        [
            ("a number", "12345", ""), ("an object", "{}", ""), ("empty", "\"\"", ""), ("blank", "\"   \"", ""),
            ("101 characters", "\"" + new string('k', 101) + "\"", ""), ("a control character", "\"a\\u0007b\"", ""),
        ],
        [Kind.Ids] =
        [
            ("a number", "1", ""), ("an object", "{}", ""), ("empty", "[]", ""), ("1,001 ids", Ids1001, ""),
            ("a string inside", "[\"1\"]", "[0]"), ("a fraction inside", "[1.5]", "[0]"), ("2^63 inside", "[9223372036854775808]", "[0]"),
            ("null inside", "[null]", "[0]"),
        ],
        [Kind.List] = [("a number", "1", ""), ("an object", "{}", ""), ("a string", "\"x\"", ""), ("empty", "[]", "")],
    };

    // Built on first use: Endpoints sits in another part of this class, whose static fields have no order relative to these.
    private static readonly Lazy<Dictionary<string, BodyCase>> Cases = new(() => Generate().ToDictionary(c => c.Name, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, BodyCase> ByName => Cases.Value;

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
            if (!e.OptionalBody)
            {
                yield return new($"{e}: JSON null", e, _ => "null", HttpStatusCode.BadRequest, "malformed_request");
                yield return new($"{e}: no body", e, _ => null, HttpStatusCode.BadRequest, "malformed_request");
            }
            // A list is read element by element, so there the first element is refused (not an object) before the depth limit is reached.
            yield return new($"{e}: nested 64 deep", e, v => With(v, first, new string('[', 64) + new string(']', 64)), HttpStatusCode.BadRequest, "validation_failed",
                e.Fields[0].Kind == Kind.List ? first + "[0]" : "body");
            yield return new($"{e}: unknown extra field", e, v => With(v, "surprise", "1"), HttpStatusCode.BadRequest, "validation_failed", "surprise");
            yield return new($"{e}: duplicate field", e, v => v.ToJsonString()[..^1] + $",\"{first}\":{v[first]!.ToJsonString()}}}",
                HttpStatusCode.BadRequest, "validation_failed", first);
            yield return new($"{e}: text/plain", e, v => v.ToJsonString(), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", ContentType: "text/plain");
            yield return new($"{e}: no content type", e, v => v.ToJsonString(), HttpStatusCode.UnsupportedMediaType, "unsupported_media_type", ContentType: null);
            yield return new($"{e}: body over 2 MiB", e, v => With(v, "padding", "\"" + new string('p', 2 * 1024 * 1024 + 1) + "\""),
                HttpStatusCode.RequestEntityTooLarge, "payload_too_large");
            foreach (var field in e.Fields)
            {
                foreach (var c in FieldCases(e, field, null))
                {
                    yield return c;
                }
                foreach (var item in field.Items)
                {
                    foreach (var c in FieldCases(e, item, field.Name))
                    {
                        yield return c;
                    }
                }
                if (field.Kind == Kind.List)
                {
                    yield return new($"{e}: {field.Name}[{Item}] unknown extra field", e, v => With(v, "surprise", "1", field.Name),
                        HttpStatusCode.BadRequest, "validation_failed", $"{field.Name}[{Item}].surprise");
                    yield return new($"{e}: {field.Name}[{Item}] a number", e, v => WithItem(v, field.Name, "7"),
                        HttpStatusCode.BadRequest, "validation_failed", $"{field.Name}[{Item}]");
                    yield return new($"{e}: {field.Name}[{Item}] null", e, v => WithItem(v, field.Name, "null"),
                        HttpStatusCode.BadRequest, "validation_failed", $"{field.Name}[{Item}]");
                }
            }
            foreach (var (what, body, status, code, field) in e.Extras)
            {
                yield return new($"{e}: {what}", e, body, status, code, field);
            }
        }
    }

    /// <summary>The element of a list field that the item cases spoil: not the first, so the index in the error key is seen to be right.</summary>
    private const int Item = 1;

    /// <summary>
    /// Text no stored field takes, as raw JSON, with what the message must say: C0 and C1 controls, DEL, bidirectional
    /// formatting characters and a lone surrogate. Tab and line breaks only where <see cref="MultiLine"/> allows them.
    /// </summary>
    private static readonly (string What, string Json, string Message)[] UnsafeText =
    [
        ("NUL", "\"a\\u0000b\"", "U+0000"), ("BEL", "\"a\\u0007b\"", "U+0007"), ("ESC", "\"a\\u001Bb\"", "U+001B"),
        ("DEL", "\"a\\u007Fb\"", "U+007F"), ("C1 NEL", "\"a\\u0085b\"", "U+0085"), ("C1 CSI", "\"a\\u009Bb\"", "U+009B"),
        ("LRM", "\"a\\u200Eb\"", "U+200E"), ("RLM", "\"a\\u200Fb\"", "U+200F"), ("LRE", "\"a\\u202Ab\"", "U+202A"),
        ("RLO", "\"a\\u202Eb\"", "U+202E"), ("LRI", "\"a\\u2066b\"", "U+2066"), ("PDI", "\"a\\u2069b\"", "U+2069"),
        ("a lone high surrogate", "\"a\\uD800b\"", "surrogate"), ("a lone low surrogate", "\"a\\uDC00\"", "surrogate"),
    ];

    private static readonly (string What, string Json, string Message)[] LineBreaks =
        [("a tab", "\"a\\tb\"", "U+0009"), ("a line feed", "\"a\\nb\"", "U+000A"), ("a carriage return", "\"a\\rb\"", "U+000D")];

    /// <summary>Descriptions, notes and reasons may span lines; every other text field may not.</summary>
    internal static bool MultiLine(string field) => field is "description" or "reason" or "notes";

    /// <summary>What the problem says for a malformed value of a kind, per bad value (null: a range or rule message instead).</summary>
    private static string? Expected(Kind kind, string json) => kind switch
    {
        Kind.Date when json is not ("\"0001-01-01\"" or "\"9999-12-31\"") => "Expected a date as yyyy-MM-dd.",
        Kind.Month when json is not ("\"0001-01\"" or "\"9999-12\"") => "Expected a month as yyyy-MM.",
        Kind.Enum => "Expected one of: ",
        Kind.Bool => "Expected true or false.",
        _ => null,
    };

    /// <summary>The bad values of one field (of the body, or of element <see cref="Item"/> of <paramref name="list"/>).</summary>
    private static IEnumerable<BodyCase> FieldCases(BodyEndpoint e, Field field, string? list)
    {
        var key = list is null ? field.Name : $"{list}[{Item}].{field.Name}";
        foreach (var (what, json, at) in BadValues[field.Kind])
        {
            yield return new($"{e}: {key} {what}", e, v => With(v, field.Name, json, list), HttpStatusCode.BadRequest, "validation_failed", key + at,
                Message: Expected(field.Kind, json));
        }
        if (field.Kind is Kind.Name or Kind.Text or Kind.Key)
        {
            foreach (var (what, json, message) in MultiLine(field.Name) ? UnsafeText : [.. UnsafeText, .. LineBreaks])
            {
                yield return new($"{e}: {key} {what}", e, v => With(v, field.Name, json, list), HttpStatusCode.BadRequest, "validation_failed", key,
                    Message: message);
            }
        }
        if (field.Kind == Kind.Enum)
        {
            // The JSON name with a capital, as a client generated from C# names might send it.
            yield return new($"{e}: {key} in PascalCase", e, v => With(v, field.Name, "\"" + Capitalised(v, field, list) + "\"", list),
                HttpStatusCode.BadRequest, "validation_failed", key, Message: "Expected one of: ");
        }
        if (field.Required)
        {
            yield return new($"{e}: {key} null", e, v => With(v, field.Name, "null", list), HttpStatusCode.BadRequest, "validation_failed", key);
            yield return new($"{e}: {key} missing", e, v => Without(v, field.Name, list), HttpStatusCode.BadRequest, "validation_failed", key);
        }
    }

    /// <summary>The valid body with <paramref name="field"/> (of the body, or of element <see cref="Item"/> of <paramref name="list"/>) set to raw JSON.</summary>
    private static string With(JsonObject valid, string field, string rawJson, string? list = null)
    {
        // Spliced in as text: some values (a lone surrogate, nesting past the parser's depth) cannot pass through a JsonNode.
        var body = valid.DeepClone().AsObject();
        Target(body, list)[field] = RawMarker;
        return body.ToJsonString().Replace($"\"{RawMarker}\"", rawJson, StringComparison.Ordinal);
    }

    private const string RawMarker = "__raw_json__";

    private static string Without(JsonObject valid, string field, string? list = null)
    {
        var body = valid.DeepClone().AsObject();
        Target(body, list).Remove(field);
        return body.ToJsonString();
    }

    private static string WithItem(JsonObject valid, string list, string rawJson)
    {
        var body = valid.DeepClone().AsObject();
        body[list]![Item] = JsonNode.Parse(rawJson);
        return body.ToJsonString();
    }

    private static JsonObject Target(JsonObject body, string? list) => list is null ? body : body[list]![Item]!.AsObject();

    /// <summary>The field's value in the valid body (or, where the valid body leaves it out, a name every enum here lacks) with a capital first letter.</summary>
    private static string Capitalised(JsonObject valid, Field field, string? list)
    {
        var name = (string?)Target(valid, list)[field.Name] ?? "nonprofit";
        return char.ToUpperInvariant(name[0]) + name[1..];
    }

    /// <summary>The valid body with the raw JSON of <paramref name="element"/> (an object) replacing element <see cref="Item"/> of <paramref name="list"/>.</summary>
    internal static string WithElement(JsonObject valid, string list, Func<JsonObject, JsonObject> element)
    {
        var body = valid.DeepClone().AsObject();
        body[list]![Item] = element(body[list]![Item]!.DeepClone().AsObject());
        return body.ToJsonString();
    }
}
