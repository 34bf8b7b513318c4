using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Tests.Http;

/// <summary>
/// Every response says nosniff and names no server; everything but the public OpenAPI document and its UI is
/// no-store, so no cache keeps personal data, a new key or money figures. A sample of every kind of response.
/// </summary>
public sealed class ResponseHeaderTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    public static TheoryData<string, int> Anonymous() => new()
    {
        { "/health/live", 200 },
        { "/health/ready", 200 },
        { "/v1/volunteers", 401 },
        { "/no-such-path", 401 },
    };

    [Theory]
    [MemberData(nameof(Anonymous))]
    public async Task Anonymous_responses_are_no_store_and_nosniff(string path, int status)
    {
        using var response = await api.Anonymous().GetAsync(path);

        Assert.Equal(status, (int)response.StatusCode);
        AssertNoStore(response);
    }

    [Fact]
    public async Task A_read_of_personal_data_is_no_store()
    {
        var volunteer = await api.Volunteer();

        using var response = await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}");

        Assert.Equal(volunteer, await response.Read<VolunteerResponse>());
        AssertNoStore(response);
    }

    [Fact]
    public async Task A_new_key_is_no_store()
    {
        using var response = await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("header test", ApiRole.Finance));

        var created = await response.Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        AssertNoStore(response);
        var listed = await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>();
        Assert.Contains(listed.Items, k => k.Id == created.Id);
    }

    [Fact]
    public async Task Refusals_are_no_store_and_nosniff()
    {
        using var invalid = await api.Admin().GetAsync("/v1/volunteers?limit=0");
        using var forbidden = await api.Client(ApiRole.Partner, (await api.Organisation()).Id).GetAsync("/v1/volunteers");
        using var missing = await api.Admin().GetAsync("/v1/volunteers/999999");
        using var wrongMethod = await api.Admin().PutAsync("/v1/volunteers", null);
        using var noRoute = await api.Admin().GetAsync("/v1/no-such-resource");

        await invalid.Problem(HttpStatusCode.BadRequest, "validation_failed");
        await forbidden.Problem(HttpStatusCode.Forbidden, "forbidden");
        await missing.Problem(HttpStatusCode.NotFound, "not_found");
        await wrongMethod.Problem(HttpStatusCode.MethodNotAllowed, "method_not_allowed");
        await noRoute.Problem(HttpStatusCode.NotFound, "not_found");
        foreach (var response in new[] { invalid, forbidden, missing, wrongMethod, noRoute })
        {
            AssertNoStore(response);
        }
    }

    [Theory]
    [InlineData("/swagger/v1/swagger.json")]
    [InlineData("/swagger/v1/swagger.yaml")]
    [InlineData("/swagger/index.html")]
    public async Task The_public_document_and_its_ui_are_nosniff_and_may_be_cached(string path)
    {
        using var response = await api.Anonymous().GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.False(response.Headers.CacheControl?.NoStore ?? false);
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public void Kestrel_sends_no_server_header()
    {
        // The test server never writes one; Kestrel would, unless told not to.
        Assert.False(api.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
    }

    internal static void AssertNoStore(HttpResponseMessage response)
    {
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-store"], response.Headers.GetValues("Cache-Control"));
        Assert.False(response.Headers.Contains("Server"));
    }
}
