using System.Text;
using System.Text.Json.Nodes;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Security;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// The requests of one operation in one round, all derived from its valid request (the authorisation matrix's probe) and
/// its schemas in openapi.yaml: every caller, then path, query, header and body mutations. Which mutation values are sent
/// is drawn from <paramref name="rng"/> (a seeded Random), so a round is the same every time; long mode sends them all.
/// </summary>
public sealed class FuzzPlan(OpenApiDocument doc, Operation op, Probe probe, IReadOnlyList<long> idPool, Random rng, bool thorough, string keyPrefix)
{
    private const string Marker = "__fuzz_raw_value__";
    private readonly Who _caller = op.Path.StartsWith("/v1/me", StringComparison.Ordinal) ? Who.Volunteer : Who.Admin;
    private readonly string _path = probe.Path.Split('?')[0];
    private readonly string _query = probe.Path.Contains('?', StringComparison.Ordinal) ? probe.Path.Split('?', 2)[1] : "";
    private readonly JsonNode? _body = probe.Body is null ? null
        : System.Text.Json.JsonSerializer.SerializeToNode(probe.Body, probe.Body.GetType(), BurgerbaanApiFactory.Json);
    private int _n;

    public IEnumerable<FuzzCase> Cases() =>
        Callers().Concat(PathCases()).Concat(QueryCases()).Concat(HeaderCases()).Concat(BodyCases()).Concat(FieldCases());

    private FuzzCase Make(string what, string? url = null, Who? caller = null, string? body = null, bool raw = false, string? contentType = "application/json",
        string? authorization = null, List<KeyValuePair<string, string>>? headers = null)
    {
        var text = raw ? body : body ?? _body?.ToJsonString();
        var all = new List<KeyValuePair<string, string>>();
        if ((op.Method is "PATCH" or "PUT" or "DELETE" || op.Parameters.Any(p => p.Name == "If-Match")) && headers?.Any(h => h.Key == "If-Match") != true
            && !what.StartsWith("if-match", StringComparison.Ordinal))
        {
            all.Add(new("If-Match", "*"));
        }
        all.AddRange(headers ?? []);
        return new FuzzCase($"{op.OperationId}#{_n++} {what}", new HttpMethod(op.Method), url ?? probe.Path, caller ?? _caller,
            text is null ? null : Encoding.UTF8.GetBytes(text), text is null ? null : contentType, authorization, all);
    }

    private IEnumerable<T> Pick<T>(IReadOnlyList<T> values, int count) =>
        thorough ? values : values.OrderBy(_ => rng.Next()).Take(count).ToList();

    private IEnumerable<FuzzCase> Callers()
    {
        foreach (var who in Enum.GetValues<Who>())
        {
            yield return Make("as " + who, caller: who);
        }
        foreach (var header in Pick(["Bearer bb_unknown_key_000000000000000000000000000", "Basic dXNlcjpwYXNz", "Bearer", "Bearer " + new string('k', 10_000),
            "bearer " + BurgerbaanApiFactory.AdminKey, "Bearer  " + BurgerbaanApiFactory.AdminKey + " x", "Bearer é"], 2))
        {
            yield return Make("authorization", caller: Who.Anonymous, authorization: header);
        }
    }

    private IEnumerable<FuzzCase> PathCases()
    {
        var template = op.Path.Split('/');
        var actual = _path.Split('/');
        for (var i = 0; i < template.Length && template.Length == actual.Length; i++)
        {
            if (!template[i].StartsWith('{'))
            {
                continue;
            }
            var name = template[i].Trim('{', '}');
            var schema = doc.Resolve(op.Parameters.FirstOrDefault(p => p.Name == name)?.Schema);
            // Ids of other kinds (a volunteer's id as an organisation's), for reads only: a write could change a seeded resource the
            // later probes need (a sponsorship's places, the key a client uses).
            var others = op.Method != "GET" ? [] : idPool.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            var values = Pick(Mutations.ForUrl(schema, inPath: true, write: op.Method != "GET"), 4).Concat(Pick(others, 1));
            foreach (var value in values)
            {
                var segments = (string[])actual.Clone();
                segments[i] = value;
                yield return Make($"path {name}={Short(value)}", string.Join('/', segments) + (_query.Length > 0 ? "?" + _query : ""));
            }
        }
    }

    private IEnumerable<FuzzCase> QueryCases()
    {
        foreach (var parameter in op.Parameters.Where(p => p.In == "query"))
        {
            var schema = doc.Resolve(parameter.Schema);
            foreach (var value in Pick(Mutations.ForUrl(schema), 3).Append(Mutations.Sample(schema).Trim('"')))
            {
                yield return Make($"query {parameter.Name}={Short(value)}", WithQuery($"{parameter.Name}={value}"));
            }
        }
        foreach (var query in Pick(["unexpectedParameter=1", "limit=1&limit=2", "=1", "&&", "limit", "%00=1", "cursor=" + new string('c', 3000)], 2))
        {
            yield return Make($"query {Short(query)}", WithQuery(query));
        }
    }

    private string WithQuery(string extra) => _path + "?" + (_query.Length > 0 ? _query + "&" : "") + extra;

    private IEnumerable<FuzzCase> HeaderCases()
    {
        if (op.Method is "PATCH" or "PUT" or "DELETE" || op.Parameters.Any(p => p.Name == "If-Match"))
        {
            yield return Make("if-match none");
            foreach (var value in Pick(["\"garbage\"", "W/\"1\"", "\"\"", "*", "\"1\", \"2\"", "garbage", new string('"', 3)], 3))
            {
                yield return Make($"if-match {value}", headers: [new("If-Match", value)]);
            }
        }
        if (op.Method == "POST")
        {
            foreach (var key in Pick(["", " ", new string('k', 300), "ключ ✓", keyPrefix + _n], 2))
            {
                yield return Make($"idempotency-key {Short(key)}", headers: [new("Idempotency-Key", key)]);
            }
            // The same key with another body: a replay must not answer the first request's result for the second.
            var reused = keyPrefix + "reused-" + _n;
            yield return Make("idempotency-key first use", headers: [new("Idempotency-Key", reused)]);
            yield return Make("idempotency-key other body", body: SchemaBody(all: true), raw: true, headers: [new("Idempotency-Key", reused)]);
        }
    }

    private IEnumerable<FuzzCase> BodyCases()
    {
        if (op.RequestSchema is null && _body is null)
        {
            yield return Make("unexpected body", body: "{\"unexpected\":1}", raw: true);
            yield break;
        }
        var first = _body is JsonObject o && o.Count > 0 ? o.First().Key : "x";
        var bodies = new List<(string What, string Body)>
        {
            ("empty", ""), ("null", "null"), ("array", "[]"), ("truncated", "{"), ("string", "\"x\""), ("number", "42"), ("empty object", "{}"),
            ("deep nesting", new string('[', 5000) + new string(']', 5000)),
            ("duplicate field", _body is JsonObject ? "{\"" + first + "\":null," + _body.ToJsonString()[1..] : "{}"),
            ("comment", "/* c */" + (_body?.ToJsonString() ?? "{}")),
            ("trailing comma", (_body?.ToJsonString() ?? "{}").TrimEnd('}') + ",}"),
            ("over 2 MiB", "{\"" + first + "\":\"" + new string('a', 3 * 1024 * 1024) + "\"}"),
            ("schema-valid, required fields", SchemaBody(all: false)), ("schema-valid, all fields", SchemaBody(all: true)),
        };
        foreach (var (what, body) in Pick(bodies, 6))
        {
            yield return Make("body " + what, body: body, raw: true);
        }
        yield return new FuzzCase($"{op.OperationId}#{_n++} body invalid UTF-8", new HttpMethod(op.Method), probe.Path, _caller,
            [.. "{\""u8, .. Encoding.UTF8.GetBytes(first), .. "\":\"\xC3\x28\xFF\"}"u8], "application/json", null,
            op.Method is "PATCH" or "PUT" or "DELETE" ? [new("If-Match", "*")] : null);
        foreach (var type in Pick(["text/plain", "application/xml", null, "application/x-www-form-urlencoded", "application/json; charset=utf-16",
            "application/merge-patch+json", "multipart/form-data; boundary=x", "application/json; charset=latin1", "*/*"], 3))
        {
            yield return Make("content-type " + (type ?? "none"), contentType: type);
        }
        yield return Make("extra field", body: WithField([], "unexpectedField", "1"), raw: true);
    }

    /// <summary>Per field of the request schema (and one level down: an object's fields, the first array item's): left out, then mutated values.</summary>
    private IEnumerable<FuzzCase> FieldCases()
    {
        if (op.RequestSchema is null || _body is not JsonObject)
        {
            yield break;
        }
        foreach (var (path, schema) in Fields(doc.Resolve(op.RequestSchema), []))
        {
            var name = string.Join('.', path);
            yield return Make($"field {name} missing", body: WithField(path[..^1], path[^1], null), raw: true);
            foreach (var value in Pick(Mutations.ForField(schema, thorough), 3))
            {
                yield return Make($"field {name}={Short(value)}", body: WithField(path[..^1], path[^1], value), raw: true);
            }
        }
    }

    private IEnumerable<(string[] Path, JsonObject Schema)> Fields(JsonObject schema, string[] prefix)
    {
        foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
        {
            var resolved = doc.Resolve(property);
            string[] path = [.. prefix, name];
            yield return (path, resolved);
            if (prefix.Length > 0)
            {
                continue;
            }
            if ((string?)resolved["type"] == "object" && resolved["properties"] is not null)
            {
                foreach (var nested in Fields(resolved, path))
                {
                    yield return nested;
                }
            }
            if ((string?)resolved["type"] == "array" && doc.Resolve(resolved["items"]) is { } items && items["properties"] is not null)
            {
                foreach (var nested in Fields(items, [.. path, "0"]))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>The valid body with the field at <paramref name="parent"/>.<paramref name="name"/> set to raw JSON (null: removed).</summary>
    private string WithField(string[] parent, string name, string? raw)
    {
        var body = _body!.DeepClone();
        var node = parent.Aggregate<string, JsonNode?>(body, (n, segment) => n is JsonArray a ? (a.Count > 0 ? a[0] : null) : n?[segment]);
        if (node is not JsonObject target)
        {
            return body.ToJsonString();
        }
        target.Remove(name);
        if (raw is not null)
        {
            target[name] = Marker;
        }
        return body.ToJsonString().Replace("\"" + Marker + "\"", raw, StringComparison.Ordinal);
    }

    /// <summary>A body built from the schema alone (examples, else plain values): what a client generator would send.</summary>
    private string SchemaBody(bool all)
    {
        var schema = doc.Resolve(op.RequestSchema);
        var required = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet() ?? [];
        var fields = (schema["properties"]?.AsObject() ?? []).Where(p => all || required.Contains(p.Key))
            .Select(p => $"\"{p.Key}\":{Mutations.Sample(doc.Resolve(p.Value))}");
        return "{" + string.Join(",", fields) + "}";
    }

    private static string Short(string value) => value.Length <= 24 ? value : value[..20] + $"..({value.Length})";
}
