using System.Text.Json.Nodes;
using Json.Schema;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// Validates JSON against openapi.yaml's schemas with JsonSchema.Net. OpenAPI 3.0 writes "may be null" as
/// <c>nullable: true</c> beside the type, which JSON Schema 2020-12 does not know; each schema is translated first
/// (nullable into a "null" type, component refs into refs to one registered document), so a null where the contract
/// promises a value fails, and so does a value of the wrong type, a missing required field or an undeclared one where
/// the schema says additionalProperties: false. Formats are checked too (date, date-time, email).
/// </summary>
public sealed class SchemaValidator
{
    private const string ComponentsUri = "https://burgerbaan.test/openapi/components";

    private readonly EvaluationOptions _options;
    private readonly Dictionary<string, JsonSchema> _compiled = new(StringComparer.Ordinal);

    public SchemaValidator(OpenApiDocument document)
    {
        var defs = new JsonObject();
        foreach (var (name, schema) in document.Schemas)
        {
            defs[name] = Translate(schema);
        }
        var components = JsonSchema.FromText(new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$id"] = ComponentsUri,
            ["$defs"] = defs,
        }.ToJsonString());
        _options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
        _options.SchemaRegistry.Register(components);
    }

    /// <summary>The first few errors of <paramref name="instance"/> against <paramref name="openApiSchema"/>; empty when it is valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? openApiSchema, JsonNode? instance)
    {
        if (openApiSchema is null)
        {
            return [];
        }
        var text = openApiSchema.ToJsonString();
        if (!_compiled.TryGetValue(text, out var schema))
        {
            var translated = Translate(openApiSchema)!.AsObject();
            translated["$schema"] = "https://json-schema.org/draft/2020-12/schema";
            schema = JsonSchema.FromText(translated.ToJsonString());
            _compiled[text] = schema;
        }
        var result = schema.Evaluate(instance, _options);
        if (result.IsValid)
        {
            return [];
        }
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("invalid")
            .Take(5)
            .ToList();
    }

    /// <summary>OpenAPI 3.0 schema object to JSON Schema 2020-12.</summary>
    public static JsonNode? Translate(JsonNode? node)
    {
        if (node is not JsonObject source)
        {
            return node?.DeepClone();
        }
        var target = new JsonObject();
        foreach (var (key, value) in source)
        {
            switch (key)
            {
                case "$ref":
                    target["$ref"] = ComponentsUri + "#/$defs/" + ((string)value!).Split('/')[^1];
                    break;
                case "properties":
                    target[key] = new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, Translate(p.Value))));
                    break;
                case "items" or "additionalProperties" or "not":
                    target[key] = value is JsonObject ? Translate(value) : value?.DeepClone();
                    break;
                case "allOf" or "anyOf" or "oneOf":
                    target[key] = new JsonArray(value!.AsArray().Select(Translate).ToArray());
                    break;
                case "nullable" or "example" or "discriminator" or "xml" or "externalDocs" or "deprecated":
                    break;
                case "exclusiveMinimum" or "exclusiveMaximum" when value is JsonValue flag && flag.TryGetValue<bool>(out var exclusive):
                    if (exclusive)
                    {
                        var bound = key == "exclusiveMinimum" ? "minimum" : "maximum";
                        target[key] = source[bound]?.DeepClone();
                        target.Remove(bound);
                    }
                    break;
                case "minimum" or "maximum" when (bool?)source["exclusive" + char.ToUpperInvariant(key[0]) + key[1..]] == true:
                    break;
                default:
                    target[key] = value?.DeepClone();
                    break;
            }
        }
        if ((bool?)source["nullable"] != true)
        {
            return target;
        }
        // A nullable reference (allOf: [$ref] beside type and nullable) is the reference or null: the reference alone
        // would refuse the null, so it becomes anyOf like an untyped nullable.
        if (target["type"] is JsonValue type && target["allOf"] is null)
        {
            target["type"] = new JsonArray((string)type!, "null");
            if (target["enum"] is JsonArray values && !values.Any(v => v is null))
            {
                values.Add(null);
            }
            return target;
        }
        return new JsonObject { ["anyOf"] = new JsonArray(new JsonObject { ["type"] = "null" }, target) };
    }
}
