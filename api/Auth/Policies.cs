using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Authorization;

namespace Burgerbaan.Api.Auth;

/// <summary>
/// The named policies every endpoint picks from. Anything without a policy still needs a valid key
/// (the fallback policy); anonymous endpoints say so explicitly.
/// </summary>
public static class Policies
{
    public const string Admin = "admin";
    /// <summary>Coordinator or admin: the registry's writers.</summary>
    public const string Coordinator = "coordinator+";
    /// <summary>Coordinator, finance or admin: reads of volunteers; agreements.</summary>
    public const string Registry = "registry";
    /// <summary>Finance or admin: money.</summary>
    public const string Finance = "finance+";
    /// <summary>Coordinator, admin or partner: who reports hours (a partner for its own organisation).</summary>
    public const string HourReporter = "hour-reporter";
    /// <summary>Registry roles plus partners, whose reads are narrowed to their own organisation in the handler.</summary>
    public const string RegistryOrPartner = "registry-or-partner";
    /// <summary>Registry roles plus sponsor keys, whose reads are narrowed to their own sponsor in the handler (issue 8).</summary>
    public const string RegistryOrSponsor = "registry-or-sponsor";

    public static AuthorizationBuilder AddBurgerbaanPolicies(this AuthorizationBuilder builder) => builder
        .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
        .AddPolicy(Admin, p => p.RequireRole(Roles(ApiRole.Admin)))
        .AddPolicy(Coordinator, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Coordinator)))
        .AddPolicy(Finance, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Finance)))
        .AddPolicy(HourReporter, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Coordinator, ApiRole.Partner)))
        .AddPolicy(Registry, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Coordinator, ApiRole.Finance)))
        .AddPolicy(RegistryOrPartner, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Coordinator, ApiRole.Finance, ApiRole.Partner)))
        .AddPolicy(RegistryOrSponsor, p => p.RequireRole(Roles(ApiRole.Admin, ApiRole.Coordinator, ApiRole.Finance, ApiRole.Sponsor)));

    private static string[] Roles(params ApiRole[] roles) => roles.Select(Caller.RoleName).ToArray();
}
