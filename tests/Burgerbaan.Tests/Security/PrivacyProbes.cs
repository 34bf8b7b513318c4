using Burgerbaan.Tests.Infrastructure;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>The probes of the privacy rows (issue 10). A DELETE acts on a volunteer of its own, so "nothing changed" is about that request.</summary>
public static class PrivacyProbes
{
    public static async Task<Probe?> For(SecurityWorld w, string endpoint)
    {
        switch (endpoint)
        {
            case "GET /v1/volunteers/{id}/export":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/export");
            case "DELETE /v1/volunteers/{id}":
                var target = await Seed.Volunteer(w, "Erase", "Target");
                return new(HttpMethod.Delete, $"/v1/volunteers/{target.Id}", null,
                    () => Exists(w, "SELECT COUNT(*) FROM volunteers WHERE id = @id AND pseudonymised_at IS NOT NULL", target.Id));
            default:
                return null;
        }
    }
}
