using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// The annual statement answers text/csv and text/html as well as JSON (issue 10): texts with the documented columns and a printable
/// page, not the JSON schema the framework would put under every media type.
/// </summary>
internal sealed class StatementFormatsOperationFilter : IOperationFilter
{
    private const string CsvExample =
        "record_type,volunteer_id,period,legal_limit_cents,limit_cents,scheme_cents,outside_cents,counted_cents,headroom_cents,expense_cents,over_limit," +
        "outside_allowance_id,organisation_name,kind\r\n" +
        "month,7,2025-02,21000,21000,0,0,0,21000,1250,False,,,\r\n" +
        "month,7,2025-03,21000,21000,15000,10000,25000,0,0,True,,,\r\n" +
        "outside_allowance,7,2025-03,,,,10000,,,,True,13,Stichting Buurtsport,gift\r\n" +
        "year,7,2025,210000,210000,15000,10000,25000,185000,1250,True,,,\r\n";

    private const string HtmlExample =
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Volunteer allowance statement 2025</title>...</head><body>\n" +
        "<h1>Volunteer allowance statement 2025</h1>\n<p>Anna de Jong, born 2004-03-20 (volunteer 7, Almeerse Burgerbaan)</p>\n" +
        "<p><strong>In 2025 every limit held: ...</strong></p>\n...</body></html>\n";

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId != "GetAnnualStatement" || operation.Responses?.GetValueOrDefault("200") is not OpenApiResponse ok || ok.Content is null)
        {
            return;
        }
        ok.Content["text/csv"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "README, \"Annual statement\", lists the columns." },
            Example = JsonValue.Create(CsvExample),
        };
        ok.Content["text/html"] = new OpenApiMediaType
        {
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "A printable page: no scripts, every value HTML-encoded." },
            Example = JsonValue.Create(HtmlExample),
        };
    }
}
