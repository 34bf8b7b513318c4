using System.ComponentModel.DataAnnotations;
using NodaTime;

namespace Burgerbaan.Api.Auth;

/// <summary><c>Auth:KeyCacheSeconds</c>: how long a validated key is trusted without asking the database again (0 = never).</summary>
public sealed class ApiKeyCacheSettings
{
    public const string Section = "Auth";

    [Range(0, 300, ErrorMessage = "Auth:KeyCacheSeconds must lie between 0 (off) and 300.")]
    public int KeyCacheSeconds { get; set; } = 5;
}

/// <summary>
/// Keys this process validated, by hash, for <see cref="ApiKeyCacheSettings.KeyCacheSeconds"/>. Only hits are kept: a new
/// or reactivated key works at once. Revoking a key or deactivating an organisation clears the cache in this process;
/// another instance may accept such a key until its entry expires (README, "API keys").
/// </summary>
public sealed class ApiKeyCache(IClock clock, Microsoft.Extensions.Options.IOptions<ApiKeyCacheSettings> settings)
{
    /// <summary>What a validated key is: the claims come from it.</summary>
    public sealed record Identity(long Id, string Role, long? OrganisationId);

    private sealed record Entry(Identity Identity, Instant Expires);

    private readonly Duration _window = Duration.FromSeconds(settings.Value.KeyCacheSeconds);
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _generation;

    public bool Enabled => _window > Duration.Zero;

    public bool TryGet(string hash, out Identity identity)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(hash, out var entry) && clock.GetCurrentInstant() < entry.Expires)
            {
                identity = entry.Identity;
                return true;
            }
            _entries.Remove(hash);
        }
        identity = null!;
        return false;
    }

    /// <summary>Taken before the database is asked, handed to <see cref="Add"/> after.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>
    /// Keeps what a lookup found, unless the cache was cleared since the lookup began: that lookup may have read the
    /// key before the revocation committed, and keeping it would trust a revoked key for a whole window.
    /// </summary>
    public void Add(string hash, Identity identity, long generation)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            _entries[hash] = new Entry(identity, clock.GetCurrentInstant() + _window);
        }
    }

    /// <summary>After a revocation or a deactivation has committed. Both are rare, so everything goes.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }

    // Bounds memory against a flood of distinct valid keys; there are a few hundred keys at most.
    private const int MaxEntries = 10_000;
}
