using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Burgerbaan.Tests.Infrastructure;
using YamlDotNet.RepresentationModel;

namespace Burgerbaan.Tests.Conformance;

/// <summary>One operation of openapi.yaml: what it takes and every status (with its media types and schemas) it may answer.</summary>
public sealed record Operation(string Method, string Path, string OperationId, IReadOnlyList<Parameter> Parameters, JsonNode? RequestSchema,
    IReadOnlyDictionary<int, IReadOnlyDictionary<string, JsonNode?>> Responses)
{
    /// <summary>"GET /v1/payouts/{id}", as the authorisation matrix names it.</summary>
    public string Key => $"{Method} {Path}";

    public override string ToString() => Key;
}

public sealed record Parameter(string Name, string In, bool Required, JsonNode Schema);

/// <summary>
/// openapi.yaml read as the clients read it (the file, not the served document; a test keeps the two equal), with the schemas
/// resolved against its components. Scalars keep their YAML type: a plain 200 is a number, a quoted '200' a string.
/// </summary>
public sealed partial class OpenApiDocument
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];

    private OpenApiDocument(JsonObject root)
    {
        Root = root;
        Schemas = root["components"]!["schemas"]!.AsObject();
        Operations = ReadOperations(root).ToList();
    }

    public JsonObject Root { get; }

    /// <summary>components.schemas, as written (OpenAPI 3.0 dialect).</summary>
    public JsonObject Schemas { get; }

    public IReadOnlyList<Operation> Operations { get; }

    public static OpenApiDocument Load(string? path = null)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path ?? Path.Combine(RepositoryRoot.Path, "openapi.yaml")))
        {
            stream.Load(reader);
        }
        return new OpenApiDocument(ToJson(stream.Documents[0].RootNode)!.AsObject());
    }

    public static OpenApiDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new OpenApiDocument(ToJson(stream.Documents[0].RootNode)!.AsObject());
    }

    /// <summary>A schema with its top-level $ref followed (nested refs stay), for generating values.</summary>
    public JsonObject Resolve(JsonNode? schema)
    {
        var node = schema?.AsObject() ?? [];
        for (var depth = 0; node["$ref"] is JsonValue reference && depth < 10; depth++)
        {
            node = Schemas[((string)reference!).Split('/')[^1]]!.AsObject();
        }
        return node;
    }

    private static IEnumerable<Operation> ReadOperations(JsonObject root)
    {
        foreach (var (path, item) in root["paths"]!.AsObject())
        {
            foreach (var method in Methods)
            {
                if (item![method] is not JsonObject op)
                {
                    continue;
                }
                var parameters = (op["parameters"]?.AsArray() ?? []).Select(p => new Parameter(
                    (string)p!["name"]!, (string)p["in"]!, (bool?)p["required"] ?? false, p["schema"]?.DeepClone() ?? new JsonObject())).ToList();
                var body = op["requestBody"]?["content"]?["application/json"]?["schema"]?.DeepClone();
                var responses = new Dictionary<int, IReadOnlyDictionary<string, JsonNode?>>();
                foreach (var (status, response) in op["responses"]!.AsObject())
                {
                    var media = new Dictionary<string, JsonNode?>(StringComparer.OrdinalIgnoreCase);
                    foreach (var (type, content) in response!["content"]?.AsObject() ?? [])
                    {
                        media[type] = content!["schema"]?.DeepClone();
                    }
                    responses[int.Parse(status, CultureInfo.InvariantCulture)] = media;
                }
                yield return new Operation(method.ToUpperInvariant(), path, (string)op["operationId"]!, parameters, body, responses);
            }
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(p => KeyValuePair.Create(((YamlScalarNode)p.Key).Value!, ToJson(p.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}"),
    };

    private static JsonValue? Plain(string text) => text switch
    {
        "null" or "~" or "" => null,
        "true" => JsonValue.Create(true),
        "false" => JsonValue.Create(false),
        _ when Integer().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
        _ when Number().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^-?[0-9]{1,18}$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")]
    private static partial Regex Number();
}
