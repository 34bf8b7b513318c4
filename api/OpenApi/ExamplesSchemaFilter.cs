using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>A worked example on every request body, so generated clients and Swagger UI start from real input.</summary>
internal sealed class ExamplesSchemaFilter : ISchemaFilter
{
    private static readonly Dictionary<Type, string> Examples = new()
    {
        [typeof(CreateApiKeyRequest)] = """{"name":"Humanitas hour export","role":"partner","organisationId":1}""",
        [typeof(CreateOrganisationRequest)] = """{"name":"Humanitas Almere","kind":"nonprofit","kvkNumber":"40530512","email":"almere@example.org"}""",
        [typeof(UpdateOrganisationRequest)] = """{"email":"info@example.org","active":false}""",
        [typeof(CreateVolunteerRequest)] = """{"firstName":"Anna","lastName":"de Jong","dateOfBirth":"2004-03-20","email":"anna@example.org","phone":"+31612345678","iban":"NL91ABNA0417164300"}""",
        [typeof(UpdateVolunteerRequest)] = """{"phone":"+31687654321","iban":""}""",
        [typeof(CreateAgreementRequest)] = """{"startDate":"2025-01-01","endDate":"2025-12-31","hourlyRateCents":500,"annualBudgetCents":180000}""",
        [typeof(ExtendAgreementRequest)] = """{"months":12}""",
        [typeof(CreatePlacementRequest)] = """{"volunteerId":1,"organisationId":1,"startDate":"2025-02-01","activity":"Gastvrouw buurthuis De Kolk","hoursPerWeek":8}""",
        [typeof(UpdatePlacementRequest)] = """{"endDate":"2025-06-30"}""",
        [typeof(PutAllowanceLimitsRequest)] = """{"annualCents":210000,"monthlyCents":21000,"hourlyCents":560,"hourlyUnder21Cents":330}""",
        [typeof(CreatePayoutRequest)] = """{"volunteerId":1,"kind":"allowance","amountCents":8900,"period":"2025-03","description":"March hours","hourEntryIds":[11,12]}""",
        [typeof(PayoutActionRequest)] = """{"reason":"Paid twice by mistake"}""",
        [typeof(SubmitHoursRequest)] = """{"entries":[{"externalId":"HUM-2025-0311-17","placementId":1,"date":"2025-03-11","minutes":180,"description":"Koffieochtend"}]}""",
        [typeof(ApproveHoursRequest)] = """{"ids":[11,12,13]}""",
        [typeof(RejectHoursRequest)] = """{"reason":"Not a Burgerbaan activity"}""",
        [typeof(CreatePayoutRunRequest)] = """{"period":"2025-03"}""",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is OpenApiSchema concrete && Examples.TryGetValue(context.Type, out var json))
        {
            concrete.Examples = [JsonNode.Parse(json)!];
        }
    }
}
