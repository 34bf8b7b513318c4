using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NodaTime;
using NodaTime.Testing;

namespace Burgerbaan.Tests.Infrastructure;

/// <summary>
/// The real service over a fresh SQLite file (migrated by the production migrations at start-up),
/// with a fake clock and clients that carry real API keys created through the API.
/// One factory per test class (IClassFixture), so classes never see each other's data.
/// </summary>
public class BurgerbaanApiFactory : WebApplicationFactory<Program>
{
    public const string AdminKey = "bb_test_admin_key_0123456789abcdefghijklmnop";

    /// <summary>Friday 14 March 2025, 10:00 in Almere.</summary>
    public static readonly Instant Start = Instant.FromUtc(2025, 3, 14, 9, 0);

    private readonly Dictionary<(ApiRole, long?), HttpClient> _clients = [];
    private readonly Lock _gate = new();

    public BurgerbaanApiFactory()
    {
        var folder = Path.Combine(Path.GetTempPath(), "burgerbaan-tests");
        Directory.CreateDirectory(folder);
        DatabasePath = Path.Combine(folder, Guid.NewGuid().ToString("n") + ".db");
    }

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    public FakeClock Clock { get; } = new(Start);

    public static JsonSerializerOptions Json { get; } = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    /// <summary>Extra configuration for a derived factory (another provider, a setting under test).</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Database:Provider"] = "sqlite",
        ["ConnectionStrings:Burgerbaan"] = ConnectionString,
        [BootstrapAdminKey.ConfigurationKey] = AdminKey,
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<IClock>();
            services.AddSingleton<IClock>(Clock);
        });
    }

    /// <summary>A client with no key at all.</summary>
    public HttpClient Anonymous() => CreateClient();

    public HttpClient Admin() => Client(ApiRole.Admin, null);

    /// <summary>A client whose key has the given role (a partner needs its organisation); keys are made once per factory.</summary>
    public HttpClient Client(ApiRole role, long? organisationId = null)
    {
        lock (_gate)
        {
            if (_clients.TryGetValue((role, organisationId), out var existing))
            {
                return existing;
            }
        }
        string key;
        if (role == ApiRole.Admin && organisationId is null)
        {
            key = AdminKey;
        }
        else
        {
            var created = Admin().PostAsJsonAsync("/v1/api-keys", new CreateApiKeyRequest($"test {role}", role, organisationId), Json)
                .GetAwaiter().GetResult();
            created.EnsureSuccessStatusCode();
            key = created.Content.ReadFromJsonAsync<CreatedApiKeyResponse>(Json).GetAwaiter().GetResult()!.Key;
        }
        var client = WithKey(key);
        lock (_gate)
        {
            _clients[(role, organisationId)] = client;
        }
        return client;
    }

    public HttpClient WithKey(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                try
                {
                    File.Delete(DatabasePath + suffix);
                }
                catch (IOException)
                {
                    // Left for the OS temp cleaner; never fail a run over it.
                }
            }
        }
    }
}
