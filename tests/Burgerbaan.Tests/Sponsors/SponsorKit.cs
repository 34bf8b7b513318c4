using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests;

/// <summary>Arranges sponsors, obligations, sponsorships, allocations and sponsor keys through the API, as finance and a coordinator would.</summary>
public static class SponsorKit
{
    public static readonly Instant ConsentAt = Instant.FromUtc(2025, 3, 1, 10, 0);

    public static async Task<SponsorResponse> Sponsor(BurgerbaanApiFactory api, string name = "Bouwbedrijf Almere BV", SponsorKind kind = SponsorKind.Company) =>
        await (await api.Admin().PostJson("/v1/sponsors",
                new CreateSponsorRequest(name, kind, new SponsorContact("Sanne de Vries", "sroi@example.nl"), Seed.NextKvkNumber())))
            .Read<SponsorResponse>(HttpStatusCode.Created);

    public static async Task<ObligationResponse> Obligation(BurgerbaanApiFactory api, long sponsorId, long cents = 10_000_000) =>
        await (await api.Admin().PostJson($"/v1/sponsors/{sponsorId}/obligations",
                new CreateObligationRequest("ALM-2025-017", "Gemeente Almere", cents, new LocalDate(2025, 1, 1), new LocalDate(2026, 12, 31))))
            .Read<ObligationResponse>(HttpStatusCode.Created);

    public static async Task<SponsorshipResponse> Sponsorship(BurgerbaanApiFactory api, long sponsorId, int places, LocalDate start, LocalDate end,
        long? obligationId = null) =>
        await (await api.Admin().PostJson("/v1/sponsorships", new CreateSponsorshipRequest(sponsorId, start, end, places, obligationId)))
            .Read<SponsorshipResponse>(HttpStatusCode.Created);

    public static CreateAllocationRequest Allocation(long volunteerId, LocalDate start, LocalDate end, bool nameInReports = false) =>
        new(volunteerId, start, end, new ConsentInput(ConsentAt, ConsentChannel.In_person, "Intake gesprek", nameInReports));

    public static async Task<AllocationResponse> Allocate(BurgerbaanApiFactory api, long sponsorshipId, long volunteerId, LocalDate start, LocalDate end) =>
        await (await api.Admin().PostJson($"/v1/sponsorships/{sponsorshipId}/allocations", Allocation(volunteerId, start, end)))
            .Read<AllocationResponse>(HttpStatusCode.Created);

    /// <summary>A new sponsor key for the sponsor; the secret.</summary>
    public static async Task<string> Key(BurgerbaanApiFactory api, long sponsorId) =>
        (await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("sponsor portal", ApiRole.Sponsor, SponsorId: sponsorId)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created)).Key;
}
