using System.Globalization;
using System.Security.Claims;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;

namespace Burgerbaan.Api.Auth;

/// <summary>The authenticated key behind a request: its id, role and (for partners) organisation.</summary>
public sealed record Caller(long KeyId, ApiRole Role, long? OrganisationId)
{
    public const string OrganisationClaim = "burgerbaan:organisation";

    public bool IsPartner => Role == ApiRole.Partner;

    public static Caller From(ClaimsPrincipal user)
    {
        var id = long.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier)!, CultureInfo.InvariantCulture);
        var role = Enum.Parse<ApiRole>(user.FindFirstValue(ClaimTypes.Role)!, ignoreCase: true);
        var org = user.FindFirstValue(OrganisationClaim);
        return new Caller(id, role, org is null ? null : long.Parse(org, CultureInfo.InvariantCulture));
    }

    public static string RoleName(ApiRole role) => EnumTypeHandlers.Name(role);
}
