using System.Net;
using System.Text.RegularExpressions;
using Burgerbaan.Api.Auth;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using NodaTime;
using NodaTime.Testing;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// The first admin key: configured, or generated and printed once; never a second time. An unusable
/// configured key stops the start (StartupOptionsTests).
/// </summary>
public sealed partial class BootstrapAdminKeyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>, IDisposable
{
    private static readonly FakeClock Clock = new(Instant.FromUtc(2025, 3, 14, 9, 0));

    private readonly TempSqlite _file = RegisteredHandlers(new TempSqlite().Migrated());

    public void Dispose() => _file.Dispose();

    // Program registers the Dapper handlers at start; these tests call EnsureAsync before (or without) any service.
    private static TempSqlite RegisteredHandlers(TempSqlite file)
    {
        Burgerbaan.Api.Data.NodaTypeHandlers.Register();
        return file;
    }

    private sealed record KeyRow(string Name, string Role, long? OrganisationId, string KeyHash, string KeyPrefix, string CreatedAt);

    private static List<KeyRow> Keys(string connectionString)
    {
        using var c = new Microsoft.Data.Sqlite.SqliteConnection(connectionString);
        return c.Query<KeyRow>("SELECT name AS Name, role AS Role, organisation_id AS OrganisationId, key_hash AS KeyHash, key_prefix AS KeyPrefix, created_at AS CreatedAt FROM api_keys").ToList();
    }

    [GeneratedRegex("bb_[A-Za-z0-9_-]{43}")]
    private static partial Regex GeneratedKey();

    [Fact]
    public async Task Configured_key_becomes_the_admin_key_and_nothing_is_printed()
    {
        const string key = "configured-admin-key-0123456789abcdef";
        var console = new StringWriter();

        await BootstrapAdminKey.EnsureAsync(_file.Db(), key, Clock, console);

        Assert.Equal("", console.ToString());
        var row = Assert.Single(Keys(_file.ConnectionString));
        Assert.Equal(("bootstrap admin", "admin", (long?)null), (row.Name, row.Role, row.OrganisationId));
        Assert.Equal(ApiKeySecrets.Hash(key), row.KeyHash);
        Assert.Equal(key[..10], row.KeyPrefix);
        Assert.DoesNotContain(key, row.KeyHash + row.KeyPrefix + row.CreatedAt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_configured_key_one_is_generated_printed_once_and_stored_as_its_hash()
    {
        var console = new StringWriter();

        await BootstrapAdminKey.EnsureAsync(_file.Db(), null, Clock, console);

        var printed = GeneratedKey().Matches(console.ToString());
        var key = Assert.Single(printed).Value;
        var row = Assert.Single(Keys(_file.ConnectionString));
        Assert.Equal(ApiKeySecrets.Hash(key), row.KeyHash);
        Assert.Equal("admin", row.Role);
    }

    [Fact]
    public async Task Store_with_a_key_gets_no_second_bootstrap_key_and_nothing_is_printed()
    {
        await BootstrapAdminKey.EnsureAsync(_file.Db(), null, Clock, new StringWriter());
        var before = Keys(_file.ConnectionString);
        var console = new StringWriter();

        await BootstrapAdminKey.EnsureAsync(_file.Db(), null, Clock, console);
        await BootstrapAdminKey.EnsureAsync(_file.Db(), "another-configured-key-0123456789abcdef", Clock, console);

        Assert.Equal("", console.ToString());
        Assert.Equal(before, Keys(_file.ConnectionString));
    }

    [Fact]
    public async Task Configured_key_works_as_admin_through_http()
    {
        var keys = await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>();
        var wrong = await api.WithKey(BurgerbaanApiFactory.AdminKey[..^1] + "X").GetAsync("/v1/api-keys");

        Assert.Contains(keys.Items, k => k.Name == "bootstrap admin" && k.Role == ApiRole.Admin && k.KeyPrefix == BurgerbaanApiFactory.AdminKey[..10]);
        await wrong.Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>A service started without the setting, over a database whose first key was printed earlier.</summary>
    private sealed class NoConfiguredKeyFactory : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings.Remove(BootstrapAdminKey.ConfigurationKey);
                return settings;
            }
        }
    }

    [Fact]
    public async Task Printed_key_works_as_admin_through_http()
    {
        using var service = new NoConfiguredKeyFactory();
        new Burgerbaan.Migrations.MigrationRunner(Burgerbaan.Migrations.DatabaseProvider.Sqlite, service.ConnectionString).Migrate();
        var console = new StringWriter();
        await BootstrapAdminKey.EnsureAsync(TempSqlite.DbFor(service.ConnectionString), null, Clock, console);
        var key = Assert.Single(GeneratedKey().Matches(console.ToString())).Value;

        var listed = await (await service.WithKey(key).GetAsync("/v1/api-keys")).Read<Page<ApiKeyResponse>>();
        var configuredKey = await service.WithKey(BurgerbaanApiFactory.AdminKey).GetAsync("/v1/api-keys");

        var only = Assert.Single(listed.Items);
        Assert.Equal((ApiRole.Admin, key[..10]), (only.Role, only.KeyPrefix));
        await configuredKey.Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
