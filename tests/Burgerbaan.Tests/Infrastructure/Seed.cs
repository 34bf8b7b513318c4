using System.Net;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Tests.Infrastructure;

/// <summary>Creates registry data through the API, as a coordinator would.</summary>
public static class Seed
{
    public const string ValidIban = "NL91ABNA0417164300";

    public static async Task<OrganisationResponse> Organisation(this BurgerbaanApiFactory api, string name = "Humanitas Almere", OrganisationKind kind = OrganisationKind.Nonprofit) =>
        await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest(name, kind, "12345678", "info@example.org")))
            .Read<OrganisationResponse>(HttpStatusCode.Created);

    public static async Task<VolunteerResponse> Volunteer(this BurgerbaanApiFactory api, string first = "Anna", string last = "de Jong", LocalDate? born = null) =>
        await (await api.Admin().PostJson("/v1/volunteers", new CreateVolunteerRequest(first, last, born ?? new LocalDate(1980, 5, 1), "anna@example.org", "0612345678", ValidIban)))
            .Read<VolunteerResponse>(HttpStatusCode.Created);

    public static async Task<AgreementResponse> Agreement(this BurgerbaanApiFactory api, long volunteerId, LocalDate start, LocalDate end, long? rate = null, long? budget = null) =>
        await (await api.Admin().PostJson($"/v1/volunteers/{volunteerId}/agreements", new CreateAgreementRequest(start, end, rate, budget)))
            .Read<AgreementResponse>(HttpStatusCode.Created);

    public static async Task<PlacementResponse> Placement(this BurgerbaanApiFactory api, long volunteerId, long organisationId, string activity = "Buurthuis gastvrouw") =>
        await (await api.Admin().PostJson("/v1/placements", new CreatePlacementRequest(volunteerId, organisationId, new LocalDate(2025, 1, 1), activity)))
            .Read<PlacementResponse>(HttpStatusCode.Created);
}
