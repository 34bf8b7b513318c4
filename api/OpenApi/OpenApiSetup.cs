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
                    "hours, payouts within the tax-free volunteer allowance limits, sponsors and the website's intake. " +
                    "Money is integer euro cents; dates are yyyy-MM-dd, months yyyy-MM, instants ISO-8601 UTC. " +
                    "Every refusal is an RFC 9457 problem with a stable `code`.",
                License = new OpenApiLicense { Name = "EUPL-1.2", Url = new Uri("https://interoperable-europe.ec.europa.eu/collection/eupl/eupl-text-eupl-12") },
            });
            options.MapType<LocalDate>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date", Examples = [JsonValue.Create("2025-03-14")] });
            options.MapType<YearMonth>(() => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = "^[0-9]{4}-(0[1-9]|1[0-2])$", Examples = [JsonValue.Create("2025-03")] });
            options.MapType<Instant>(() => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time", Examples = [JsonValue.Create("2025-03-14T09:30:00Z")] });
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "An API key from POST /v1/api-keys (or the first admin key printed at first start), as 'Authorization: Bearer <key>'.",
            });
            options.SupportNonNullableReferenceTypes();
            options.SchemaFilter<RequiredMembersSchemaFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
            options.SchemaFilter<ExamplesSchemaFilter>();
            options.SchemaFilter<ConstraintsSchemaFilter>();
            options.ParameterFilter<EnumQueryParameterFilter>();
            options.OperationFilter<OperationConventionsFilter>();
            options.OperationFilter<ResponseExamplesOperationFilter>();
            options.DocumentFilter<DocumentConventionsFilter>();
            var xml = Path.Combine(AppContext.BaseDirectory, "Burgerbaan.Contracts.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }
        });
}
