using System.Globalization;
using System.Security.Claims;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;

namespace Burgerbaan.Api.Auth;

/// <summary>The authenticated key behind a request: its id, role and (for partners) organisation, (for sponsors) sponsor.</summary>
public sealed record Caller(long KeyId, ApiRole Role, long? OrganisationId, long? SponsorId = null)
{
    public const string OrganisationClaim = "burgerbaan:organisation";
    public const string SponsorClaim = "burgerbaan:sponsor";

    public bool IsPartner => Role == ApiRole.Partner;

    public static Caller From(ClaimsPrincipal user)
    {
        var id = long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
        var role = Enum.Parse<ApiRole>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true);
        var org = user.FindFirstValue(OrganisationClaim);
        var sponsor = user.FindFirstValue(SponsorClaim);
        return new Caller(id, role, org is null ? null : long.Parse(org, CultureInfo.InvariantCulture),
            sponsor is null ? null : long.Parse(sponsor, CultureInfo.InvariantCulture));
    }

    public static string RoleName(ApiRole role) => EnumTypeHandlers.Name(role);
}
