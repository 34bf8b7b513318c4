using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>What counts as a key: anything but a current key, sent as Bearer, is a 401 that says nothing more.</summary>
public sealed class AuthenticationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private const string Admin = BurgerbaanApiFactory.AdminKey;

    public static TheoryData<string, string> BadHeaders() => new()
    {
        { "Basic credentials", "Basic YWRtaW46c2VjcmV0" },
        { "the admin key under the Basic scheme", "Basic " + Admin },
        { "the admin key without a scheme", Admin },
        { "the admin key under another scheme", "Token " + Admin },
        { "Bearer without a key", "Bearer" },
        { "Bearer with only spaces", "Bearer    " },
        { "Bearer with a short key", "Bearer bb_short" },
        { "Bearer with an unknown key", "Bearer bb_unknown_key_0123456789abcdefghijklmnopq" },
        { "Bearer with the admin key changed in one character", "Bearer " + Admin[..^1] + "q" },
        { "Bearer with an overlong key", "Bearer " + new string('k', 5_000) },
        { "Bearer with two keys", "Bearer " + Admin + " " + Admin },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public async Task Malformed_or_unknown_authorization_is_401_with_a_bearer_challenge(string what, string header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/volunteers");
        Assert.True(request.Headers.TryAddWithoutValidation("Authorization", header), what);

        using var response = await api.Anonymous().SendAsync(request);

        await AssertUnauthorized(response);
    }

    [Fact]
    public async Task No_authorization_header_is_401_with_a_bearer_challenge()
    {
        await AssertUnauthorized(await api.Anonymous().GetAsync("/v1/organisations"));
    }

    [Fact]
    public async Task The_bearer_scheme_name_is_case_insensitive()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/volunteers");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + Admin);

        using var response = await api.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Revoked_key_is_401_at_once_and_other_keys_keep_working()
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("to revoke", ApiRole.Coordinator)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var client = api.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v1/volunteers")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/api-keys/{created.Id}")).StatusCode);

        await AssertUnauthorized(await client.GetAsync("/v1/volunteers"));
        await AssertUnauthorized(await client.PostJson("/v1/organisations", new CreateOrganisationRequest("After revocation", OrganisationKind.Other)));
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync("/v1/volunteers")).StatusCode);
    }

    [Fact]
    public async Task Revoked_partner_key_no_longer_reads_its_own_organisation()
    {
        var organisation = await api.Organisation("Revoked partner's organisation");
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("partner", ApiRole.Partner, organisation.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var partner = api.WithKey(created.Key);
        Assert.Equal(HttpStatusCode.OK, (await partner.GetAsync($"/v1/organisations/{organisation.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/api-keys/{created.Id}")).StatusCode);

        await AssertUnauthorized(await partner.GetAsync($"/v1/organisations/{organisation.Id}"));
    }

    [Fact]
    public async Task The_401_problem_is_the_same_for_an_unknown_and_a_revoked_key()
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("revoked", ApiRole.Finance)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        await api.Admin().DeleteAsync($"/v1/api-keys/{created.Id}");

        var revoked = await AssertUnauthorized(await api.WithKey(created.Key).GetAsync("/v1/volunteers"));
        var unknown = await AssertUnauthorized(await api.WithKey("bb_never_issued_0123456789abcdefghijklmnopqrs").GetAsync("/v1/volunteers"));

        revoked.Remove("traceId");
        unknown.Remove("traceId");
        Assert.Equal(unknown.ToJsonString(), revoked.ToJsonString());
    }

    internal static async Task<System.Text.Json.Nodes.JsonObject> AssertUnauthorized(HttpResponseMessage response)
    {
        var problem = await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
        Assert.Equal(new AuthenticationHeaderValue("Bearer"), Assert.Single(response.Headers.WwwAuthenticate));
        return problem;
    }
}
