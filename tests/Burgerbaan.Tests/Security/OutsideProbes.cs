using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The probes of the outside allowance and annual statement rows (issue 10), on the seeded volunteer. Each write acts on a
/// declaration of its own: a 1-cent one in a month the seeded payouts leave alone.
/// </summary>
public static class OutsideProbes
{
    private static readonly YearMonth Month = new(2025, 9);

    public static async Task<Probe?> For(SecurityWorld w, string endpoint, string marker)
    {
        var path = $"/v1/volunteers/{w.Volunteer.Id}/outside-allowances";
        switch (endpoint)
        {
            case "POST /v1/volunteers/{volunteerId}/outside-allowances":
                return new(HttpMethod.Post, path, new CreateOutsideAllowanceRequest(Month, 1, marker, OutsideAllowanceKind.Gift),
                    () => Exists(w, "SELECT COUNT(*) FROM outside_allowances WHERE organisation_name = @marker", marker));
            case "GET /v1/volunteers/{volunteerId}/outside-allowances":
                return new(HttpMethod.Get, path);
            case "GET /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}":
                return new(HttpMethod.Get, $"{path}/{await Declared(w, marker)}");
            case "DELETE /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}":
                var id = await Declared(w, marker);
                return new(HttpMethod.Delete, $"{path}/{id}", null,
                    () => Exists(w, "SELECT COUNT(*) FROM outside_allowances WHERE id = @id AND removed_at IS NOT NULL", id));
            case "GET /v1/volunteers/{volunteerId}/statements/{year}":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/statements/2025");
            default:
                return null;
        }
    }

    private static async Task<long> Declared(SecurityWorld w, string marker) =>
        (await (await w.Admin().PostJson($"/v1/volunteers/{w.Volunteer.Id}/outside-allowances",
            new CreateOutsideAllowanceRequest(Month, 1, marker, OutsideAllowanceKind.Gift))).Read<OutsideAllowanceResponse>(HttpStatusCode.Created)).Id;
}
