using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using Microsoft.OpenApi;
using NodaTime;
using NodaTime.Text;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.OpenApi;

/// <summary>A worked example on every request body, so generated clients and Swagger UI start from real input.</summary>
internal sealed class ExamplesSchemaFilter(IClock clock) : ISchemaFilter
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
        [typeof(ApproveHoursRequest)] = """{"ids":[11,12,13]}""",
        [typeof(RejectHoursRequest)] = """{"reason":"Not a Burgerbaan activity"}""",
        [typeof(CreatePayoutRunRequest)] = """{"period":"2025-03"}""",
        [typeof(CreateOutsideAllowanceRequest)] = """{"period":"2025-03","amountCents":5000,"organisationName":"Voedselbank Almere","kind":"allowance","evidence":"Brief 2025-03-02"}""",
    };

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        var json = context.Type == typeof(SubmitHoursRequest) ? SubmitHoursExample(Today.In(clock)) : Examples.GetValueOrDefault(context.Type);
        if (schema is OpenApiSchema concrete && json is not null)
        {
            concrete.Examples = [JsonNode.Parse(json)!];
        }
    }

    /// <summary>
    /// Hours are accepted from 13 months back up to today, so a fixed date would be refused one day. The first of the
    /// current month (Europe/Amsterdam) is always accepted, changes only monthly and, should a document be kept, stays
    /// accepted for 13 months; the contract test's clock is fixed, so the checked-in document stays the same.
    /// </summary>
    internal static string SubmitHoursExample(LocalDate today) =>
        $$"""{"entries":[{"externalId":"HUM-2025-0311-17","placementId":1,"date":"{{LocalDatePattern.Iso.Format(today.With(DateAdjusters.StartOfMonth))}}","minutes":180,"description":"Koffieochtend"}]}""";
}
