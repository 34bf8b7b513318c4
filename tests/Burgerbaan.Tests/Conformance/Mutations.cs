using System.Globalization;
using System.Text.Json.Nodes;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// Values for one field, query parameter or path segment, chosen from its schema: boundaries (valid and one past),
/// wrong types, huge and control-character strings, out-of-range numbers, impossible dates. A value is raw JSON text
/// (for bodies) so that tokens System.Text.Json would never write (1e400, 9223372036854775808, a lone surrogate) are sent.
/// </summary>
public static class Mutations
{
    public const string Huge = "huge";

    private static string Str(string s) => JsonValue.Create(s)!.ToJsonString();

    /// <summary>Raw JSON values for a body field of this (resolved) schema.</summary>
    public static List<string> ForField(JsonObject schema, bool long_)
    {
        var values = new List<string> { "null", "true", "\"x\"", "1.5", "[]", "{}", "-1", "0", "\"\"" };
        var type = (string?)schema["type"];
        var format = (string?)schema["format"];
        switch (type)
        {
            case "integer":
                var min = Bound(schema["minimum"]);
                var max = Bound(schema["maximum"]);
                values.AddRange(["1", "2147483647", "2147483648", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
                    "1e3", "1e400", "-0", "1.0", "\"12\"", "99999999999999999999999999999"]);
                if (min is { } lo)
                {
                    values.AddRange(lo == long.MinValue ? [Num(lo)] : [Num(lo), Num(lo - 1)]);
                }
                if (max is { } hi)
                {
                    values.AddRange(hi == long.MaxValue ? [Num(hi)] : [Num(hi), Num(hi + 1)]);
                }
                break;
            case "number":
                values.AddRange(["1e308", "-1e308", "1e400", "3.4028235e38"]);
                break;
            case "string" when format is "date":
                values.AddRange(["\"2025-02-29\"", "\"2024-02-29\"", "\"0001-01-01\"", "\"9999-12-31\"", "\"1899-12-31\"", "\"2101-01-01\"",
                    "\"2025-1-1\"", "\"20250101\"", "\"2025-03-14T00:00:00Z\"", "\"2025-03-14\"", "20250314"]);
                break;
            case "string" when format is "date-time":
                values.AddRange(["\"2025-03-14T09:30:00Z\"", "\"2025-03-14\"", "\"9999-12-31T23:59:59Z\"", "\"2025-03-14T09:30:00+99:00\""]);
                break;
            case "string" when schema["pattern"] is JsonValue p && ((string)p!).Contains("0[1-9]|1[0-2])$", StringComparison.Ordinal):
                values.AddRange(["\"2025-03\"", "\"2025-00\"", "\"2025-13\"", "\"0000-01\"", "\"2100-12\"", "\"2101-01\"", "\"1999-12\"", "\"2025-3\""]);
                break;
            case "array":
                var item = schema["items"] is JsonObject items ? Sample(items) : "1";
                values.AddRange(["[null]", $"[{item}]", $"[{item},{item}]", "[[]]", "\"x\"",
                    "[" + string.Join(",", Enumerable.Repeat(item, long_ ? 5000 : 1001)) + "]"]);
                break;
            case "boolean":
                values.AddRange(["false", "\"true\"", "1"]);
                break;
        }
        if (type is "string" or null)
        {
            values.AddRange(Strings(schema, long_));
        }
        if (schema["enum"] is JsonArray members)
        {
            var first = (string?)members.FirstOrDefault() ?? "x";
            values.AddRange(["\"not_a_member\"", Str(first.ToUpperInvariant()), Str(" " + first), "7"]);
        }
        return values.Distinct().ToList();
    }

    /// <summary>Strings of every hostile kind; the longest only in long mode (the shorter still cross every maxLength).</summary>
    public static IEnumerable<string> Strings(JsonObject schema, bool long_)
    {
        yield return "\"\\u0000\\u0001\\b\\u001f\"";
        yield return "\"a\\u0000b\"";
        yield return "\"\\ud800\"";
        yield return "\"\\u202e\\u200b\\ufeff\"";
        yield return Str("<script>alert(1)</script>' OR 1=1 --");
        yield return Str("Zoë 👩‍👩‍👧 Ünïcödé");
        yield return "\"   \"";
        yield return "\"\\r\\n\\t\"";
        yield return Str(new string('a', 10_000));
        if (long_)
        {
            yield return Str(new string('é', 300_000));
        }
        if ((long?)schema["maxLength"] is { } max && max < 100_000)
        {
            yield return Str(new string('m', (int)max));
            yield return Str(new string('m', (int)max + 1));
        }
        if ((long?)schema["minLength"] is { } min && min > 0)
        {
            yield return Str(new string('m', (int)min - 1));
        }
    }

    /// <summary>
    /// Texts for a query parameter or a path segment (already URL-escaped where they need to be). A NUL in the path never
    /// reaches the app (Kestrel refuses the request line; the test host throws), so only a query carries one.
    /// </summary>
    /// <summary>
    /// A schema's minimum or maximum as a long. The contract bounds integers by their format (int64: up to 2^63 - 1), which
    /// the YAML reader may hand over as a double; those are the type's own ends, already among the values sent.
    /// </summary>
    private static long? Bound(JsonNode? node) =>
        node is null ? null
        : node.AsValue().TryGetValue<long>(out var whole) ? whole
        : node.GetValue<double>() switch { >= 9.2e18 => long.MaxValue, <= -9.2e18 => long.MinValue, var d => (long)d };

    public static List<string> ForUrl(JsonObject schema, bool inPath = false, bool write = false)
    {
        // An empty path segment is another route (/v1/payouts/ is the list), so only a query parameter is sent empty.
        var values = new List<string> { inPath ? "%09" : "", "abc", "1.5", "-1", "0", inPath ? "%01" : "%00", "%20", "%0a", "1e3", "+1", "%F0%9F%92%A9", "null", "true",
            "9223372036854775807", "9223372036854775808", "2147483648", new string('9', 400), new string('x', 5000), "%ZZ", "[]", "a%2Fb" };
        switch ((string?)schema["type"], (string?)schema["format"])
        {
            case ("integer", _):
                values.AddRange(["1", "00001"]);
                if (Bound(schema["minimum"]) is { } lo)
                {
                    values.AddRange(lo == long.MinValue ? [Num(lo)] : [Num(lo), Num(lo - 1)]);
                }
                if (Bound(schema["maximum"]) is { } hi)
                {
                    values.AddRange(hi == long.MaxValue ? [Num(hi)] : [Num(hi), Num(hi + 1)]);
                }
                break;
            case ("string", "date"):
                values.AddRange(["2025-03-14", "2025-02-29", "2025-13-01", "1899-12-31", "2101-01-01", "20250314"]);
                break;
            case ("string", "date-time"):
                values.AddRange(["2025-03-14T09:30:00Z", "2025-03-14", "9999-12-31T23:59:59Z"]);
                break;
            case ("string", _) when schema["pattern"] is not null:
                values.AddRange(["2025-03", "2025-13", "2025-00", "2100-12", "2101-01"]);
                break;
        }
        foreach (var member in schema["enum"]?.AsArray() ?? [])
        {
            values.AddRange([(string)member!, ((string)member!).ToUpperInvariant()]);
        }
        // A write to a path id that exists (1, +1, 00001) could change a seeded resource the later probes need.
        return values.Distinct().Where(v => !(inPath && write && v.TrimStart('+', '0') == "1")).ToList();
    }

    /// <summary>A value the schema accepts, for building a schema-valid body (examples first, then the type's plain value).</summary>
    public static string Sample(JsonObject schema)
    {
        if (schema["example"] is { } example)
        {
            return example.ToJsonString();
        }
        if (schema["enum"] is JsonArray { Count: > 0 } members)
        {
            return members[0]!.ToJsonString();
        }
        return ((string?)schema["type"], (string?)schema["format"]) switch
        {
            ("integer", _) => Num(Bound(schema["minimum"]) ?? 1),
            ("number", _) => "1",
            ("boolean", _) => "true",
            ("array", _) => "[]",
            ("object", _) => "{}",
            ("string", "date") => "\"2025-03-10\"",
            ("string", "date-time") => "\"2025-03-14T09:30:00Z\"",
            ("string", "email") => "\"fuzz@example.org\"",
            _ => "\"fuzz\"",
        };
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);
}
