using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// The answers every operation of a kind can give without its handler running, found by the conformance fuzz test
/// (issue 11): a body over the limit (413 payload_too_large) or not sent as JSON (415 unsupported_media_type) wherever an
/// operation takes a body, and 404 not_found wherever a path segment does not fit its route (/v1/me/allowance/abc).
/// </summary>
internal sealed class TransportProblemsOperationFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        if (operation.RequestBody is not null)
        {
            Add(operation, context, "413", "The body is larger than 2 MiB (code payload_too_large).");
            Add(operation, context, "415", "The body was not sent as application/json (code unsupported_media_type).");
        }
        if (operation.Parameters?.Any(p => p.In == ParameterLocation.Path) == true)
        {
            Add(operation, context, "404", "Not found, or not visible to this key, or a path segment is not of its type (code not_found).");
        }
    }

    private static void Add(OpenApiOperation operation, OperationFilterContext context, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }
        var schema = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, IOpenApiMediaType> { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } },
        };
    }
}

/// <summary>
/// A nullable enum of a contract (the audit entry's role is null for what no key did) is written as a reference, and
/// OpenAPI 3.0 ignores nullable beside a $ref: wrapped in allOf, the null the service sends is in the contract.
/// </summary>
internal sealed class NullableEnumSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null || context.Type.Namespace != "Burgerbaan.Contracts")
        {
            return;
        }
        var ctor = context.Type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        foreach (var parameter in ctor?.GetParameters() ?? [])
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(parameter.Name!);
            var nullableEnum = Nullable.GetUnderlyingType(parameter.ParameterType) is { IsEnum: true };
            // A nullable contract record (the export's pseudonymisation and wishes) is a $ref as well.
            var nullableRecord = parameter.ParameterType is { IsClass: true, Namespace: "Burgerbaan.Contracts" }
                && new System.Reflection.NullabilityInfoContext().Create(parameter).WriteState == System.Reflection.NullabilityState.Nullable;
            if ((nullableEnum || nullableRecord)
                && concrete.Properties.TryGetValue(name, out var property) && property is OpenApiSchemaReference reference)
            {
                // OpenAPI 3.0 needs a type beside nullable (redocly, openapi-typescript): the referenced one, and null; an
                // enum repeats its members, so the property says what a client may send without following the reference.
                var members = nullableEnum && reference.Reference.Id is { } refId
                    && context.SchemaRepository.Schemas.TryGetValue(refId, out var target) && target.Enum is { Count: > 0 } values
                    ? values.Select(v => v.DeepClone()).ToList() : null;
                concrete.Properties[name] = new OpenApiSchema
                {
                    AllOf = [reference],
                    Type = (nullableEnum ? JsonSchemaType.String : JsonSchemaType.Object) | JsonSchemaType.Null,
                    Enum = members,
                };
            }
        }
    }
}
