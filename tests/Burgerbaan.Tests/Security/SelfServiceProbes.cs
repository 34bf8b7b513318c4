using Burgerbaan.Contracts;

namespace Burgerbaan.Tests.Security;

/// <summary>The probes of the self-service rows (/v1/me): the caller's own volunteer is the key's binding, never in the request.</summary>
public static class SelfServiceProbes
{
    public static async Task<Probe?> For(SecurityWorld w, string endpoint)
    {
        switch (endpoint)
        {
            case "PATCH /v1/me":
                // A phone no one has (at most 32 characters), so the row tells whether this request wrote it.
                var phone = "06" + Guid.NewGuid().ToString("n")[..20];
                return new(HttpMethod.Patch, "/v1/me", new UpdateMeRequest(Phone: phone),
                    () => MatrixProbes.Exists(w, "SELECT COUNT(*) FROM volunteers WHERE id = {volunteer} AND phone = @marker", phone));
            case "GET /v1/me":
            case "GET /v1/me/agreements":
            case "GET /v1/me/placements":
            case "GET /v1/me/hours":
            case "GET /v1/me/payouts":
            case "GET /v1/me/sponsor-consents":
                return new(HttpMethod.Get, endpoint.Split(' ')[1]);
            case "GET /v1/me/allowance/{year}":
                return new(HttpMethod.Get, $"/v1/me/allowance/{SecurityWorld.PayoutMonth.Year}");
            case "POST /v1/me/sponsor-consents/{allocationId}/revoke":
                var own = await w.FreshOwnAllocation();
                return new(HttpMethod.Post, $"/v1/me/sponsor-consents/{own}/revoke", null,
                    () => MatrixProbes.Exists(w, "SELECT COUNT(*) FROM sponsor_allocations WHERE id = @marker AND revoked_at IS NOT NULL", own));
            default:
                return null;
        }
    }
}
