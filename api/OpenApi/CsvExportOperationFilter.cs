using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// The exports and the near-limit list (issue 10) in the document: text/csv on the 200 of every operation that streams CSV (a text with
/// the columns README lists, not the JSON schema the framework would put under both media types), the ranges of their query
/// parameters, and the one 422 the allowance reports answer. Runs after <see cref="ResponseExamplesOperationFilter"/>.
/// </summary>
internal sealed class CsvExportOperationFilter : IOperationFilter
{
    private static readonly HashSet<string> AllowanceReports = new(StringComparer.Ordinal) { "ListYearlyTotals", "ListNearLimit" };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId ?? "";
        if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvExample>().FirstOrDefault() is { } example
            && operation.Responses?.GetValueOrDefault("200") is OpenApiResponse { Content: not null } ok)
        {
            ok.Content[CsvExport.MediaType] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.String,
                    Description = "UTF-8, RFC 4180 (comma, CRLF, a header row); README, \"CSV exports\", lists the columns. Streamed as it is read.",
                },
                Example = JsonValue.Create(example.Text),
            };
        }
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter is not { In: ParameterLocation.Query, Schema: OpenApiSchema schema })
            {
                continue;
            }
            if (id == "GetHoursPerOrganisation" && parameter.Name is "from" or "to")
            {
                parameter.Required = true;
                schema.Pattern = ConstraintsSchemaFilter.PeriodPattern;
                schema.Examples = [JsonValue.Create("2025-03")];
            }
            else if (AllowanceReports.Contains(id) && parameter.Name == "year")
            {
                schema.Minimum = "2000";
                schema.Maximum = "2100";
                parameter.Description = "Defaults to the current year (Europe/Amsterdam).";
            }
            else if (parameter.Name == "thresholdPercent")
            {
                schema.Minimum = "1";
                schema.Maximum = "100";
                schema.Default = JsonValue.Create(Allowance.AllowanceReports.DefaultThresholdPercent);
            }
        }
        if (AllowanceReports.Contains(id) && operation.Responses?.GetValueOrDefault("422") is OpenApiResponse { Content: not null } refused)
        {
            foreach (var media in refused.Content.Values.OfType<OpenApiMediaType>())
            {
                media.Examples = new Dictionary<string, IOpenApiExample>
                {
                    ["allowance_limits_missing"] = new OpenApiExample
                    {
                        Summary = "No limits set for the year",
                        Value = new JsonObject
                        {
                            ["type"] = "urn:burgerbaan:problem:allowance_limits_missing",
                            ["title"] = "Allowance limits missing",
                            ["status"] = 422,
                            ["detail"] = "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.",
                            ["code"] = "allowance_limits_missing",
                            ["traceId"] = "0af7651916cd43dd8448eb211c80319c",
                        },
                    },
                };
            }
        }
    }
}
