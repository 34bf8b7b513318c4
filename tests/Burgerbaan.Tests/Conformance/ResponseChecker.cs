using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// What every answer must be: a status the operation documents and never a 5xx; a body in a media type documented for
/// that status that validates against its schema; and for a 4xx a problem document whose code is in README's table, with
/// that table's status, its type and its status field.
/// </summary>
public sealed partial class ResponseChecker(OpenApiDocument document, IReadOnlyDictionary<string, int> problemCodes)
{
    private readonly SchemaValidator _schemas = new(document);

    public static ResponseChecker ForRepository()
    {
        var document = OpenApiDocument.Load();
        return new ResponseChecker(document, ReadmeProblemCodes(File.ReadAllText(Path.Combine(RepositoryRoot.Path, "README.md"))));
    }

    public OpenApiDocument Document => document;

    /// <summary>The codes of README's "Problem codes" table, each with its status.</summary>
    public static IReadOnlyDictionary<string, int> ReadmeProblemCodes(string readme) =>
        TableRow().Matches(readme).ToDictionary(m => m.Groups[1].Value, m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Every way the answer breaks the contract; empty when it keeps it.</summary>
    public IReadOnlyList<string> Check(Operation op, int status, string? mediaType, string body)
    {
        var findings = new List<string>();
        if (status >= 500)
        {
            findings.Add($"answered {status}");
        }
        if (!op.Responses.TryGetValue(status, out var media))
        {
            findings.Add($"status {status} is not documented (documented: {string.Join(", ", op.Responses.Keys)})");
            media = new Dictionary<string, JsonNode?>();
        }
        if (body.Length == 0)
        {
            if (media.Count > 0 && status != 304)
            {
                findings.Add($"status {status} documents a body ({string.Join(", ", media.Keys)}) but none came");
            }
            return findings;
        }
        if (mediaType is null || !media.TryGetValue(mediaType, out var schema))
        {
            findings.Add($"a {status} body of media type '{mediaType}' is not documented (documented: {string.Join(", ", media.Keys)})");
            return findings;
        }
        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return findings;
        }
        JsonNode? json;
        try
        {
            json = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            findings.Add($"the {mediaType} body is not JSON: {e.Message}");
            return findings;
        }
        findings.AddRange(_schemas.Validate(schema, json).Select(e => "schema: " + e));
        if (status >= 400)
        {
            findings.AddRange(CheckProblem(status, mediaType, json));
        }
        return findings;
    }

    private IEnumerable<string> CheckProblem(int status, string mediaType, JsonNode? json)
    {
        if (mediaType != "application/problem+json")
        {
            yield return $"a {status} answered {mediaType}, not application/problem+json";
        }
        var code = json?["code"] is JsonValue c && c.TryGetValue<string>(out var s) ? s : null;
        if (code is null || !problemCodes.TryGetValue(code, out var documented))
        {
            yield return $"problem code '{code}' is not in README's table";
        }
        else if (documented != status)
        {
            yield return $"problem code '{code}' came with {status}; README's table says {documented}";
        }
        if ((int?)json?["status"] != status)
        {
            yield return $"the problem's status field is {json?["status"]?.ToJsonString() ?? "missing"}, not {status}";
        }
        if (code is not null && (string?)json?["type"] != "urn:burgerbaan:problem:" + code)
        {
            yield return $"the problem's type is '{json?["type"]}', not urn:burgerbaan:problem:{code}";
        }
    }

    [GeneratedRegex(@"^\| `([a-z_]+)` \| ([0-9]{3}) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();
}
