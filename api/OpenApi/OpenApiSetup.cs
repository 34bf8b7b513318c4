using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using NodaTime;

namespace Burgerbaan.Api.OpenApi;

/// <summary>
/// The served document, which must equal the checked-in <c>openapi.yaml</c> (a test compares them).
/// NodaTime types are shown as the strings they travel as.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentName = "v1";
    public const string BearerScheme = "bearer";

    /// <summary>yyyy-MM-dd from 1900-01-01 to 2100-12-31 (the day's range per month is left to the format).</summary>
    public const string DatePattern = "^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$";

    public static IServiceCollection AddBurgerbaanOpenApi(this IServiceCollection services) => services
        .AddEndpointsApiExplorer()
        .AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Burgerbaan API",
                Version = "v1",
                Description =
                    "The Almeerse Burgerbaan: volunteers, their allowance agreements and placements at non-profits, " +
                    "the hours partners push, payouts and monthly payout runs within the tax-free volunteer allowance limits, and the API keys. " +
                    "Money is integer euro cents; dates are yyyy-MM-dd, months yyyy-MM, instants ISO-8601 UTC. " +
                    "Every refusal is an RFC 9457 problem with a stable `code`. Updates send `If-Match` with the quoted ETag of the last read.",
                License = new OpenApiLicense { Name = "EUPL-1.2", Url = new Uri("https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12") },
            });
            // Dates are refused outside 1900-01-01..2100-12-31 (Checks.Date); the pattern says so where a format cannot.
            options.MapType<LocalDate>(() => new OpenApiSchema
            {
                Type = JsonSchemaType.String, Format = "date", Pattern = DatePattern, Examples = [JsonValue.Create("2025-03-14")],
            });
            options.MapType<YearMonth>(() => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", Examples = [JsonValue.Create("2025-03")] });
            options.MapType<Instant>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Examples = [JsonValue.Create("2025-03-14T09:30:00Z")] });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                // Swagger UI renders this as Markdown: a bare <key> would vanish as an HTML tag, so it sits in a code span.
                Description = "An API key from `POST /v1/api-keys` (or the first admin key printed at first start). Paste the key alone; " +
                    "it is sent as `Authorization: Bearer <key>`.",
            });
            options.SupportNonNullableReferenceTypes();
            options.SchemaFilter<RequiredMembersSchemaFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
            options.SchemaFilter<ExamplesSchemaFilter>();
            options.SchemaFilter<ConstraintsSchemaFilter>();
            options.SchemaFilter<NullableEnumSchemaFilter>();
            options.ParameterFilter<EnumQueryParameterFilter>();
            options.OperationFilter<TransportProblemsOperationFilter>();
            options.OperationFilter<OperationConventionsFilter>();
            options.OperationFilter<ResponseExamplesOperationFilter>();
            options.OperationFilter<ParametersOperationFilter>();
            options.OperationFilter<SroiCsvOperationFilter>();
            options.OperationFilter<PaymentBatches.PaymentBatchExamplesFilter>();
            options.OperationFilter<StatementFormatsOperationFilter>();
            options.OperationFilter<CsvExportOperationFilter>();
            options.DocumentFilter<DocumentConventionsFilter>();
            options.DocumentFilter<BoundsDocumentFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "Burgerbaan.Contracts.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
}
