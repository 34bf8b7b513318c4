using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// The SROI reports answer text/csv as well as JSON (issue 8): the CSV is a text with the documented columns, not the JSON schema the
/// framework would put under both media types.
/// </summary>
internal sealed class SroiCsvOperationFilter : IOperationFilter
{
    private static readonly HashSet<string> Reports = new(StringComparer.Ordinal) { "GetSponsorSroiReport", "GetObligationSroiReport" };

    private const string Example =
        "record_type,sponsor_id,sponsorship_id,obligation_id,place,names,start_date,end_date,places,status,place_months,place_years," +
        "value_per_place_year_cents,sroi_value_cents,allowance_paid_cents,amount_due_cents,obligation_cents,remaining_obligation_cents,percentage_met\r\n" +
        "sponsorship,3,5,2,,,2024-01-01,2025-12-31,10,invoiced,240,20.00,500000,10000000,1260000,5000000,,,100.00\r\n" +
        "place,3,5,2,place 1,Fatima El Amrani,,,,,24,2.00,,,,,,,\r\n" +
        "place,3,5,2,place 2,,,,,,24,2.00,,,,,,,\r\n" +
        "obligation,3,,2,,,2024-01-01,2025-12-31,,,240,20.00,500000,10000000,,,10000000,0,100.00\r\n" +
        "total,3,,2,,,2024-01-01,2025-12-31,,,240,20.00,,10000000,1260000,5000000,10000000,0,100.00\r\n";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!Reports.Contains(operation.OperationId ?? "") || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok || ok.Content is null)
        {
            return;
        }
        ok.Content["text/csv"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "README, \"Sponsors and SROI\", lists the columns." },
            Example = JsonValue.Create(Example),
        };
    }
}
