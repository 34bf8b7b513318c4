using Burgerbaan.Tests.Sponsors;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>The probes of the SROI report rows (issue 8): a sponsor with an obligation, arranged through <see cref="SponsorWorld"/>.</summary>
public static class SroiReportProbes
{
    public static async Task<Probe?> For(SecurityWorld w, string endpoint)
    {
        switch (endpoint)
        {
            case "GET /v1/sponsors/{id}/sroi-report":
                return new(HttpMethod.Get, $"/v1/sponsors/{await new SponsorWorld(w).CreateSponsor()}/sroi-report");
            case "GET /v1/sponsors/{id}/obligations/{obligationId}/sroi-report":
                var sponsors = new SponsorWorld(w);
                var sponsor = await sponsors.CreateSponsor();
                var obligation = await sponsors.CreateObligation(sponsor, 10_000_000, new LocalDate(2024, 1, 1), new LocalDate(2025, 12, 31));
                return new(HttpMethod.Get, $"/v1/sponsors/{sponsor}/obligations/{obligation}/sroi-report");
            default:
                return null;
        }
    }
}
