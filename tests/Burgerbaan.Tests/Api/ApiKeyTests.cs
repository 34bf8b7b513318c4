using System.Net;
using System.Security.Cryptography;
using System.Text;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Api;

public sealed class ApiKeyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task<(HttpResponseMessage Response, CreatedApiKeyResponse Created)> CreateKey(ApiRole role, long? organisationId = null, string name = "desk")
    {
        var response = await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest(name, role, organisationId));
        return (response, await response.Read<CreatedApiKeyResponse>(HttpStatusCode.Created));
    }

    private async Task<Page<ApiKeyResponse>> ListAll() =>
        await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>();

    [Fact]
    public async Task Created_key_is_returned_once_with_location_and_prefix()
    {
        var (response, created) = await CreateKey(ApiRole.Finance, name: "Finance desk");

        Assert.Equal($"/v1/api-keys/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("Finance desk", created.Name);
        Assert.Equal(ApiRole.Finance, created.Role);
        Assert.Null(created.OrganisationId);
        Assert.True(created.Key.Length >= 32, created.Key);
        Assert.StartsWith(created.KeyPrefix, created.Key, StringComparison.Ordinal);
        Assert.True(created.KeyPrefix.Length < created.Key.Length);
        Assert.Equal(BurgerbaanApiFactory.Start, created.CreatedAt);
    }

    [Fact]
    public async Task Two_keys_are_never_the_same()
    {
        var (_, first) = await CreateKey(ApiRole.Coordinator);
        var (_, second) = await CreateKey(ApiRole.Coordinator);

        Assert.NotEqual(first.Key, second.Key);
    }

    [Fact]
    public async Task New_key_acts_in_its_role()
    {
        var (_, finance) = await CreateKey(ApiRole.Finance);
        var client = api.WithKey(finance.Key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);
        await (await client.PostJson("/v1/organisations", new CreateOrganisationRequest("Nope", OrganisationKind.Other)))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync("/v1/api-keys")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task List_shows_prefix_but_never_the_secret()
    {
        var (_, created) = await CreateKey(ApiRole.Website);

        var response = await api.Admin().GetAsync("/v1/api-keys?limit=200");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(created.Key, text, StringComparison.Ordinal);
        Assert.DoesNotContain(BurgerbaanApiFactory.AdminKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain("\"key\"", text, StringComparison.Ordinal);
        var listed = Assert.Single((await ListAll()).Items, k => k.Id == created.Id);
        Assert.Equal(created.KeyPrefix, listed.KeyPrefix);
        Assert.Equal(ApiRole.Website, listed.Role);
        Assert.Null(listed.RevokedAt);
    }

    [Fact]
    public async Task Database_holds_only_the_sha256_of_the_key()
    {
        var (_, created) = await CreateKey(ApiRole.Coordinator);

        await using var db = new SqliteConnection(api.ConnectionString);
        var rows = (await db.QueryAsync("SELECT * FROM api_keys")).Cast<IDictionary<string, object?>>().ToList();
        var hash = await db.ExecuteScalarAsync<string>("SELECT key_hash FROM api_keys WHERE id = @Id", new { created.Id });

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), hash);
        Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v is string s && s.Contains(created.Key, StringComparison.Ordinal));
        Assert.DoesNotContain(rows.SelectMany(r => r.Values), v => v is string s && s.Contains(BurgerbaanApiFactory.AdminKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Partner_key_needs_an_organisation()
    {
        var problem = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("Humanitas export", ApiRole.Partner)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["organisationId"], problem.ErrorFields());
    }

    [Theory]
    [InlineData(ApiRole.Admin)]
    [InlineData(ApiRole.Finance)]
    [InlineData(ApiRole.Coordinator)]
    [InlineData(ApiRole.Website)]
    public async Task Only_a_partner_key_is_bound_to_an_organisation(ApiRole role)
    {
        var organisation = await api.Organisation();
        var name = "bound " + Guid.NewGuid();

        var problem = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest(name, role, organisation.Id)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["organisationId"], problem.ErrorFields());
        Assert.DoesNotContain((await ListAll()).Items, k => k.Name == name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task Key_needs_a_name(string name)
    {
        var problem = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest(name, ApiRole.Website)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["name"], problem.ErrorFields());
        Assert.DoesNotContain((await ListAll()).Items, k => k.Name == name);
    }

    [Fact]
    public async Task Partner_key_for_unknown_organisation_is_refused()
    {
        var problem = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("ghost", ApiRole.Partner, 999_999)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["organisationId"], problem.ErrorFields());
        Assert.DoesNotContain((await ListAll()).Items, k => k.OrganisationId == 999_999);
    }

    [Fact]
    public async Task Partner_key_is_created_for_its_organisation()
    {
        var organisation = await api.Organisation();

        var (_, created) = await CreateKey(ApiRole.Partner, organisation.Id);

        Assert.Equal(organisation.Id, created.OrganisationId);
        Assert.Equal(organisation.Id, Assert.Single((await ListAll()).Items, k => k.Id == created.Id).OrganisationId);
    }

    [Fact]
    public async Task Revoked_key_is_unauthorized_and_listed_with_revocation_instant()
    {
        var (_, created) = await CreateKey(ApiRole.Coordinator);
        var client = api.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);

        var response = await api.Admin().DeleteAsync($"/v1/api-keys/{created.Id}");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        await (await client.GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        var listed = Assert.Single((await ListAll()).Items, k => k.Id == created.Id);
        Assert.Equal(api.Clock.GetCurrentInstant(), listed.RevokedAt);
    }

    [Fact]
    public async Task Revoking_an_unknown_key_is_not_found()
    {
        await (await api.Admin().DeleteAsync("/v1/api-keys/987654")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task A_key_cannot_revoke_itself()
    {
        var (_, created) = await CreateKey(ApiRole.Admin);
        var self = api.WithKey(created.Key);

        await (await self.DeleteAsync($"/v1/api-keys/{created.Id}")).Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Null(Assert.Single((await ListAll()).Items, k => k.Id == created.Id).RevokedAt);
        Assert.Equal(HttpStatusCode.OK, (await self.GetAsync("/v1/api-keys")).StatusCode);
    }

    [Fact]
    public async Task Only_admin_manages_keys()
    {
        var coordinator = api.Client(ApiRole.Coordinator);

        await (await coordinator.PostJson("/v1/api-keys", new CreateApiKeyRequest("x", ApiRole.Admin))).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await coordinator.GetAsync("/v1/api-keys")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Anonymous().GetAsync("/v1/api-keys")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
