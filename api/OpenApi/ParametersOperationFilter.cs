using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// What the handlers check in headers, paths and query strings, in the document instead of only in prose: If-Match
/// (required on every PATCH, optional where it is honoured when sent), the page size, months, dates and years.
/// </summary>
internal sealed class ParametersOperationFilter : IOperationFilter
{
    /// <summary>Years the limits and headroom accept (2000 to 2100); other operations answer 404 for an unknown year.</summary>
    private static readonly HashSet<string> RangedYear = new(StringComparer.Ordinal) { "PutAllowanceLimits", "GetAllowanceHeadroom", "GetMyAllowance", "GetAnnualStatement" };

    /// <summary>(operation, query parameter): months as yyyy-MM or dates as yyyy-MM-dd, and whether the handler requires it.</summary>
    private static readonly Dictionary<(string Operation, string Name), (bool Month, bool Required)> Periods = new()
    {
        [("GetPlacementHoursSummary", "month")] = (true, true),
        [("ListPayouts", "from")] = (true, false),
        [("ListPayouts", "to")] = (true, false),
        [("ListHours", "from")] = (false, false),
        [("ListHours", "to")] = (false, false),
        [("ListPayoutRuns", "period")] = (true, false),
        [("ListMyHours", "from")] = (false, false),
        [("ListMyHours", "to")] = (false, false),
        [("ListMyPayouts", "from")] = (true, false),
        [("ListMyPayouts", "to")] = (true, false),
        [("GetSponsorSroiReport", "from")] = (true, false),
        [("GetSponsorSroiReport", "to")] = (true, false),
    };

    /// <summary>Operations other than PATCH that require If-Match (issue 10: an erasure acts on the version that was read).</summary>
    private static readonly HashSet<string> RequiredIfMatch = new(StringComparer.Ordinal) { "DeleteVolunteer" };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var id = operation.OperationId ?? "";
        foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
        {
            if (parameter.Schema is not OpenApiSchema schema)
            {
                continue;
            }
            if (parameter is { In: ParameterLocation.Query, Name: "limit" })
            {
                schema.Minimum = "1";
                schema.Maximum = PageQuery.MaxLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = JsonValue.Create(PageQuery.DefaultLimit);
            }
            else if (parameter is { In: ParameterLocation.Query, Name: "top" })
            {
                schema.Minimum = "1";
                schema.Maximum = Matching.MatchEndpoints.MaxTop.ToString(System.Globalization.CultureInfo.InvariantCulture);
                schema.Default = JsonValue.Create(Matching.MatchEndpoints.DefaultTop);
            }
            else if (parameter is { In: ParameterLocation.Path, Name: "year" } && RangedYear.Contains(id))
            {
                schema.Minimum = "2000";
                schema.Maximum = "2100";
            }
            else if (parameter.In == ParameterLocation.Query && Periods.TryGetValue((id, parameter.Name ?? ""), out var period))
            {
                parameter.Required = period.Required;
                if (period.Month)
                {
                    // QueryValues.Month holds query months to 2000-01..2100-12, like a payout's period.
                    schema.Pattern = ConstraintsSchemaFilter.PeriodPattern;
                    schema.Examples = [JsonValue.Create("2025-03")];
                }
                else
                {
                    schema.Format = "date";
                    schema.Pattern = OpenApiSetup.DatePattern;
                    schema.Examples = [JsonValue.Create("2025-03-14")];
                }
            }
        }
        var method = context.ApiDescription.HttpMethod ?? "";
        var honoured = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IfMatchHonoured>().Any();
        if (method.Equals("PATCH", StringComparison.OrdinalIgnoreCase) || honoured || RequiredIfMatch.Contains(id))
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(IfMatch(required: !honoured));
        }
    }

    private static OpenApiParameter IfMatch(bool required) => new()
    {
        Name = ETags.IfMatchField,
        In = ParameterLocation.Header,
        Required = required,
        Description = (required
                ? "The ETag of your last read of this resource (428 without it, 412 when it changed since)."
                : "Optional: the ETag of your last read of this resource; when sent, 412 if it changed since.")
            + " Quoted, exactly as the ETag header gave it, or *; an unquoted value is a 400.",
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Examples = [JsonValue.Create("\"3\"")] },
    };
}
