using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// Marks as required exactly what the JSON reader requires: every constructor parameter of a contract
/// record that has no default value (RespectRequiredConstructorParameters).
/// </summary>
internal sealed class RequiredMembersSchemaFilter : ISchemaFilter
{
    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is null || context.Type.Namespace != "Burgerbaan.Contracts")
        {
            return;
        }
        var ctor = context.Type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).FirstOrDefault();
        if (ctor is null)
        {
            return;
        }
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var p in ctor.GetParameters().Where(p => !p.HasDefaultValue))
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(p.Name!);
            if (concrete.Properties.ContainsKey(name))
            {
                required.Add(name);
            }
        }
        concrete.Required = required.Count > 0 ? required : null;
    }
}

/// <summary>The problem body carries the stable <c>code</c>, the trace id and, for validation, the field errors.</summary>
internal sealed class ProblemSchemaFilter : ISchemaFilter
{
    private static OpenApiSchema Int64(string description) =>
        new() { Type = JsonSchemaType.Integer, Format = "int64", Description = description };

    private static OpenApiSchema Int64List(string description) =>
        new() { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64" }, Description = description };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || !typeof(ProblemDetails).IsAssignableFrom(context.Type))
        {
            return;
        }
        concrete.Description = "RFC 9457 problem. Switch on `code`, which is stable; title and detail are for people.";
        concrete.Properties ??= new Dictionary<string, IOpenApiSchema>();
        concrete.Properties["code"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            Description = "Stable snake_case code of the refusal, e.g. validation_failed, not_found, precondition_failed.",
        };
        concrete.Properties["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Quote this when reporting a problem." };
        concrete.Properties["errors"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "Validation problems only: the failing fields, each with its messages.",
            AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        };
        // The figures and lists some refusals carry (README, problem codes).
        concrete.Properties["limitCents"] = Int64("Payout refusals: the limit concerned, in cents.");
        concrete.Properties["headroomCents"] = Int64("Payout refusals: what may still be paid, in cents.");
        concrete.Properties["hourEntryIds"] = Int64List("hour_entry_already_paid: the entries already paid.");
        concrete.Properties["externalIds"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Items = new OpenApiSchema { Type = JsonSchemaType.String },
            Description = "hour_entry_locked: the entries that can no longer change.",
        };
        concrete.Properties["volunteerIds"] = Int64List("conflict on PUT /v1/allowance-limits: the volunteers a decrease would push over.");
        concrete.Properties["ids"] = Int64List("Bulk hour decisions: the ids that are unknown (404) or not submitted (409).");
        concrete.Properties["existingIds"] = Int64List("possible_duplicate: every volunteer (or organisation) the new or changed one may be; a volunteer is confirmed distinct from exactly these with confirmDistinctFrom.");
        concrete.Properties["matchedOn"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Description = "possible_duplicate: per rule that matched (nameAndDateOfBirth, iban, kvkNumber), the ids it matched.",
            AdditionalProperties = Int64List("The ids this rule matched."),
        };
        concrete.Properties["payoutIds"] = Int64List("date_of_birth_locked: the payouts to cancel (or reject) before the date of birth can change; " +
            "conflict on cancelling a sponsorship: the payouts that draw on it.");
        concrete.Properties["sponsorshipId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Integer | JsonSchemaType.Null,
            Format = "int64",
            Description = "sponsorship_budget_exceeded, sponsorship_mismatch: the sponsorship that funds the month (null: none).",
        };
        concrete.Properties["places"] = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Description = "sponsorship_full: the sponsorship's places." };
        concrete.Properties["allocationIds"] = Int64List("conflict on an allocation or a sponsorship's new period: the allocations in the way.");
        // Issue 10, payout approval.
        concrete.Properties["volunteerId"] = Int64("payee_iban_missing: the volunteer whose IBAN is to be recorded.");
        concrete.Properties["failures"] = new OpenApiSchema
        {
            Type = JsonSchemaType.Array,
            Description = "Bulk payout actions: every payout that failed, by id, with the code and detail its single route would answer.",
            Items = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["id"] = Int64("The payout."),
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "not_found, conflict, four_eyes_required or payee_iban_missing." },
                    ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
                },
            },
        };
        // Issue 10, payment batches.
        concrete.Properties["paymentBatchIds"] = Int64List("payout_in_payment_batch, payout_already_batched: the open (or paid) batches that hold the payouts.");
        concrete.AdditionalProperties = null;
        concrete.AdditionalPropertiesAllowed = true;
    }
}

/// <summary>
/// Every operation that needs a key says so, with the 401 (and, behind a role policy, the 403) it can
/// answer; anonymous operations carry no security requirement. Responses and paging parameters get
/// one wording across the document.
/// </summary>
internal sealed class OperationConventionsFilter : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        operation.Responses ??= new OpenApiResponses();
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        if (!metadata.OfType<IAllowAnonymous>().Any())
        {
            operation.Security =
            [
                new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(OpenApiSetup.BearerScheme, context.Document)] = [] },
            ];
            AddProblem(operation, context, "401", "No valid API key was sent (code unauthorized).");
            if (metadata.OfType<IAuthorizeData>().Any(a => a.Policy is not null || a.Roles is not null))
            {
                AddProblem(operation, context, "403", "The key's role (or organisation) may not do this (code forbidden).");
            }
        }
        // Any operation refuses a query parameter it does not declare (UnknownQueryParameters).
        AddProblem(operation, context, "400", "");
        foreach (var (status, response) in operation.Responses)
        {
            if (response is OpenApiResponse concrete && Describe(status) is { } description)
            {
                concrete.Description = description;
            }
        }
        foreach (var parameter in operation.Parameters ?? [])
        {
            if (parameter is OpenApiParameter { In: ParameterLocation.Query } concrete && QueryDescriptions.TryGetValue(concrete.Name ?? "", out var text))
            {
                concrete.Description ??= text;
            }
        }
    }

    private static void AddProblem(OpenApiOperation operation, OperationFilterContext context, string status, string description)
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

    private static readonly Dictionary<string, string> QueryDescriptions = new(StringComparer.Ordinal)
    {
        ["limit"] = "Page size, 1 to 200 (default 50); anything else is a 400.",
        ["top"] = "How many matches at most, 1 to 50 (default 10); anything else is a 400.",
        ["cursor"] = "The nextCursor of the previous page; leave out for the first page.",
        ["volunteerId"] = "Only this volunteer's items.",
        ["organisationId"] = "Only this organisation's items (a partner key always sees its own organisation only).",
    };

    private static string? Describe(string status) => status switch
    {
        "200" => "OK.",
        "201" => "Created; Location names the new resource.",
        "204" => "Done; no body.",
        "400" => "The request is invalid (code validation_failed or malformed_request); errors lists the fields.",
        "404" => "Not found, or not visible to this key (code not_found).",
        "409" => "Conflicts with the current state (code conflict).",
        "412" => "If-Match does not name the current ETag (code precondition_failed).",
        "422" => "Refused by a rule; see the problem's code.",
        "428" => "If-Match is required (code precondition_required).",
        "429" => "Too many requests for this key; see Retry-After (code rate_limited).",
        _ => null,
    };
}

/// <summary>A string query parameter marked <see cref="EnumQueryAttribute"/> is documented as its enum.</summary>
internal sealed class EnumQueryParameterFilter : IParameterFilter
{
    public void Apply(IOpenApiParameter parameter, ParameterFilterContext context)
    {
        var marker = context.ParameterInfo?.GetCustomAttribute<EnumQueryAttribute>() ?? context.PropertyInfo?.GetCustomAttribute<EnumQueryAttribute>();
        if (marker is not null && parameter is OpenApiParameter concrete)
        {
            concrete.Schema = context.SchemaGenerator.GenerateSchema(marker.EnumType, context.SchemaRepository);
            concrete.Description ??= concrete.Schema.Description;
        }
    }
}
