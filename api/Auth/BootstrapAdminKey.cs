using System.ComponentModel.DataAnnotations;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Auth;

/// <summary><c>BURGERBAAN_BOOTSTRAP_ADMIN_KEY</c> as configured (a top-level key: the environment is where it belongs).</summary>
public sealed class BootstrapAdminKeySettings
{
    // The messages never repeat the value: it is a secret.
    [ConfigurationKeyName(BootstrapAdminKey.ConfigurationKey)]
    [StringLength(200, MinimumLength = ApiKeySecrets.MinimumLength,
        ErrorMessage = "Configuration key '" + BootstrapAdminKey.ConfigurationKey + "' must be {2} to {1} characters without spaces.")]
    [RegularExpression(@"^\S+$", ErrorMessage = "Configuration key '" + BootstrapAdminKey.ConfigurationKey + "' must hold no spaces.")]
    public string? Key { get; set; }
}

/// <summary>
/// The first admin key. When the store has no key at all: <c>BURGERBAAN_BOOTSTRAP_ADMIN_KEY</c> becomes
/// it, or else a random key is generated and printed once to the console (never to the log).
/// </summary>
public static class BootstrapAdminKey
{
    public const string ConfigurationKey = "BURGERBAAN_BOOTSTRAP_ADMIN_KEY";

    public static IServiceCollection AddBootstrapAdminKey(this IServiceCollection services)
    {
        // An empty section path binds the configuration root.
        services.AddOptions<BootstrapAdminKeySettings>()
            .BindConfiguration("")
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }

    /// <param name="given">The configured key, already validated (<see cref="BootstrapAdminKeySettings"/>), or null.</param>
    public static async Task EnsureAsync(Db db, string? given, IClock clock, TextWriter console)
    {
        var key = given ?? ApiKeySecrets.Generate();
        var created = await db.WriteAsync(async (c, tx, ct) =>
        {
            var count = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT COUNT(*) FROM api_keys", transaction: tx, cancellationToken: ct));
            if (count > 0)
            {
                return false;
            }
            var now = clock.GetCurrentInstant();
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO api_keys (name, role, organisation_id, key_hash, key_prefix, created_at) VALUES (@Name, 'admin', NULL, @Hash, @Prefix, @Now);"
                + db.Dialect.SelectInsertedId,
                new { Name = "bootstrap admin", Hash = ApiKeySecrets.Hash(key), Prefix = ApiKeySecrets.Prefix(key), Now = now },
                tx, cancellationToken: ct));
            // Made by the service itself, so the row names no key and no role.
            await AuditTrail.WriteAsync(c, tx, null, "api_key.created", "api_key", id,
                AuditSummary.Created(new { name = "bootstrap admin", role = "admin", organisationId = (long?)null }), now, ct);
            return true;
        }, CancellationToken.None);
        if (created && given is null)
        {
            await console.WriteLineAsync(
                "\n=== Burgerbaan: first admin API key (shown once, store it now) ===\n" + key +
                "\n=== Use it as 'Authorization: Bearer <key>'; create further keys with POST /v1/api-keys. ===\n");
        }
    }
}
