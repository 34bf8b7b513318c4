using System.ComponentModel.DataAnnotations;
using Burgerbaan.Api.Common;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Auth;

/// <summary><c>Auth:KeyCacheSeconds</c>: how long a validated key is trusted without asking the database again (0 = never).</summary>
public sealed class ApiKeyCacheSettings
{
    public const string Section = "Auth";

    [Range(0, 300, ErrorMessage = "Configuration key 'Auth:KeyCacheSeconds' must be a whole number of seconds from 0 (off) to 300.")]
    public int KeyCacheSeconds { get; set; } = 5;
}

/// <summary>
/// Keys this process validated, by hash. Only hits are kept, so a new or reactivated key works at once. Revoking a key or
/// deactivating an organisation clears it in this process; another instance may accept such a key until its entry
/// expires (README, Security).
/// </summary>
public sealed class ApiKeyCache(IClock clock, IOptions<ApiKeyCacheSettings> settings)
    : ExpiringCache<string, ApiKeyCache.Identity>(clock, Duration.FromSeconds(settings.Value.KeyCacheSeconds))
{
    /// <summary>What a validated key is: the caller's claims come from it.</summary>
    public sealed record Identity(long Id, string Role, long? OrganisationId, long? SponsorId);
}
