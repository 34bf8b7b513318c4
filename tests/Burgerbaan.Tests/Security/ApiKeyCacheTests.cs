using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// A validated key is trusted for Auth:KeyCacheSeconds (5 by default) without asking the database. The database is changed
/// here behind the API's back, as another instance would change it: this process only learns of it when the entry expires.
/// </summary>
public sealed class ApiKeyCacheTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_key_revoked_by_another_instance_is_accepted_until_the_window_ends_then_refused()
    {
        var (id, client) = await UsedKey(ApiRole.Coordinator, null);

        await Sql("UPDATE api_keys SET revoked_at = '2025-03-14T09:00:00Z' WHERE id = @id", id);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);
        api.Clock.Advance(Duration.FromSeconds(4.9));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);
        api.Clock.Advance(Duration.FromMilliseconds(100));
        await AuthenticationTests.AssertUnauthorized(await client.GetAsync("/v1/volunteers"));
        var listed = await (await api.Admin().GetAsync("/v1/api-keys?limit=100")).Read<Page<ApiKeyResponse>>();
        Assert.NotNull(Assert.Single(listed.Items, k => k.Id == id).RevokedAt);
    }

    [Fact]
    public async Task An_organisation_deactivated_by_another_instance_stops_its_keys_when_the_window_ends()
    {
        var organisation = await api.Organisation("Stichting Elders Gesloten");
        var (_, partner) = await UsedKey(ApiRole.Partner, organisation.Id);

        await Sql("UPDATE organisations SET active = 0 WHERE id = @id", organisation.Id);

        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/v1/organisations/{organisation.Id}")).StatusCode);
        api.Clock.Advance(Duration.FromSeconds(5));
        await AuthenticationTests.AssertUnauthorized(await partner.GetAsync($"/v1/organisations/{organisation.Id}"));
        var stored = await (await api.Admin().GetAsync($"/v1/organisations/{organisation.Id}")).Read<OrganisationResponse>();
        Assert.False(stored.Active);
    }

    [Fact]
    public async Task Revoking_through_this_instance_stops_a_cached_key_at_once_and_other_cached_keys_keep_working()
    {
        var (revokedId, revoked) = await UsedKey(ApiRole.Finance, null);
        var (_, other) = await UsedKey(ApiRole.Finance, null);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/api-keys/{revokedId}")).StatusCode);

        await AuthenticationTests.AssertUnauthorized(await revoked.GetAsync("/v1/allowance-limits"));
        Assert.Equal(HttpStatusCode.OK, (await other.GetAsync("/v1/allowance-limits")).StatusCode);
    }

    /// <summary>A new key that has answered one request, so it sits in the cache.</summary>
    private async Task<(long Id, HttpClient Client)> UsedKey(ApiRole role, long? organisationId)
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest($"cache {role}", role, organisationId)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var client = api.WithKey(created.Key);
        var probe = organisationId is { } org ? $"/v1/organisations/{org}" : role == ApiRole.Finance ? "/v1/allowance-limits" : "/v1/volunteers";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(probe)).StatusCode);
        return (created.Id, client);
    }

    private async Task Sql(string sql, long id)
    {
        await using var db = new SqliteConnection(api.ConnectionString);
        await db.OpenAsync();
        await using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("@id", id);
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }
}

/// <summary>Auth:KeyCacheSeconds = 0 turns the cache off: every request asks the database.</summary>
public sealed class ApiKeyCacheOffTests(ApiKeyCacheOffTests.Factory api) : IClassFixture<ApiKeyCacheOffTests.Factory>
{
    public sealed class Factory : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["Auth:KeyCacheSeconds"] = "0" };
    }

    [Fact]
    public async Task With_the_cache_off_a_key_revoked_by_another_instance_is_refused_at_once()
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("uncached", ApiRole.Coordinator, null)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var client = api.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);

        await using (var db = new SqliteConnection(api.ConnectionString))
        {
            await db.OpenAsync();
            await using var command = db.CreateCommand();
            command.CommandText = "UPDATE api_keys SET revoked_at = '2025-03-14T09:00:00Z' WHERE id = @id";
            command.Parameters.AddWithValue("@id", created.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await AuthenticationTests.AssertUnauthorized(await client.GetAsync("/v1/volunteers"));
    }
}
