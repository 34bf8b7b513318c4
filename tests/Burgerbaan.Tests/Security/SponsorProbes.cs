using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>The probes of the sponsor rows of the matrix. Writes act on a target of their own, so "nothing changed" is about that request.</summary>
public static class SponsorProbes
{
    /// <summary>The probe for <paramref name="endpoint"/>, or null when it is not one of these rows.</summary>
    public static async Task<Probe?> For(SecurityWorld w, string endpoint, string marker)
    {
        switch (endpoint)
        {
            case "POST /v1/sponsors":
                return new(HttpMethod.Post, "/v1/sponsors", new CreateSponsorRequest(marker, SponsorKind.Fund, new SponsorContact("Probe")),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsors WHERE name = @marker", marker));
            case "GET /v1/sponsors":
                return new(HttpMethod.Get, "/v1/sponsors");
            case "GET /v1/sponsors/{id}":
                return new(HttpMethod.Get, $"/v1/sponsors/{w.Sponsor.Id}");
            case "PATCH /v1/sponsors/{id}":
                var sponsor = await SponsorKit.Sponsor(w, "Patch target");
                return new(HttpMethod.Patch, $"/v1/sponsors/{sponsor.Id}", new UpdateSponsorRequest(Contact: new UpdateSponsorContact(Phone: "0361234567")),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsors WHERE id = @id AND contact_phone = '0361234567'", sponsor.Id));
            case "POST /v1/sponsors/{sponsorId}/obligations":
                return new(HttpMethod.Post, $"/v1/sponsors/{w.Sponsor.Id}/obligations",
                    new CreateObligationRequest(marker, "Gemeente Almere", 1_000_000, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)),
                    () => Exists(w, "SELECT COUNT(*) FROM sroi_obligations WHERE tender_reference = @marker", marker));
            case "GET /v1/sponsors/{sponsorId}/obligations":
                return new(HttpMethod.Get, $"/v1/sponsors/{w.Sponsor.Id}/obligations");
            case "GET /v1/sponsors/{sponsorId}/obligations/{obligationId}":
                return new(HttpMethod.Get, $"/v1/sponsors/{w.Sponsor.Id}/obligations/{w.Obligation.Id}");
            case "PATCH /v1/sponsors/{sponsorId}/obligations/{obligationId}":
                var obligation = await SponsorKit.Obligation(w, w.Sponsor.Id);
                return new(HttpMethod.Patch, $"/v1/sponsors/{w.Sponsor.Id}/obligations/{obligation.Id}", new UpdateObligationRequest(TenderReference: marker),
                    () => Exists(w, "SELECT COUNT(*) FROM sroi_obligations WHERE tender_reference = @marker", marker));
            case "POST /v1/sponsorships":
                var places = 100 + Interlocked.Increment(ref _sponsorships);
                return new(HttpMethod.Post, "/v1/sponsorships", new CreateSponsorshipRequest(w.Sponsor.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), places),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsorships WHERE places = @id", (long)places));
            case "GET /v1/sponsorships":
                return new(HttpMethod.Get, "/v1/sponsorships");
            case "GET /v1/sponsorships/{id}":
                return new(HttpMethod.Get, $"/v1/sponsorships/{w.Sponsorship.Id}");
            case "PATCH /v1/sponsorships/{id}":
                var sponsorship = await SponsorKit.Sponsorship(w, w.Sponsor.Id, 2, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
                return new(HttpMethod.Patch, $"/v1/sponsorships/{sponsorship.Id}", new UpdateSponsorshipRequest(Places: 3),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsorships WHERE id = @id AND places = 3", sponsorship.Id));
            case "POST /v1/sponsorships/{sponsorshipId}/allocations":
                var volunteer = await w.Volunteer("Alloc", marker[..20]);
                return new(HttpMethod.Post, $"/v1/sponsorships/{w.Sponsorship.Id}/allocations",
                    SponsorKit.Allocation(volunteer.Id, new LocalDate(2026, 1, 1), new LocalDate(2026, 6, 30)),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsor_allocations WHERE volunteer_id = @id", volunteer.Id));
            case "GET /v1/sponsorships/{sponsorshipId}/allocations":
                return new(HttpMethod.Get, $"/v1/sponsorships/{w.Sponsorship.Id}/allocations");
            case "POST /v1/sponsorships/{sponsorshipId}/allocations/{allocationId}/end":
                var toEnd = await w.FreshAllocation(marker);
                return new(HttpMethod.Post, $"/v1/sponsorships/{w.Sponsorship.Id}/allocations/{toEnd}/end", new EndAllocationRequest(new LocalDate(2026, 6, 30)),
                    () => Exists(w, "SELECT COUNT(*) FROM sponsor_allocations WHERE id = @id AND end_date = '2026-06-30'", toEnd));
            case "POST /v1/volunteers/{volunteerId}/sponsor-consents/{allocationId}/revoke":
                var toRevoke = await w.FreshAllocation(marker);
                var holder = await w.Scalar<long>("SELECT volunteer_id FROM sponsor_allocations WHERE id = @id", new { id = toRevoke });
                return new(HttpMethod.Post, $"/v1/volunteers/{holder}/sponsor-consents/{toRevoke}/revoke", null,
                    () => Exists(w, "SELECT COUNT(*) FROM sponsor_allocations WHERE id = @id AND revoked_at IS NOT NULL", toRevoke));
            default:
                return null;
        }
    }

    private static int _sponsorships;
}
