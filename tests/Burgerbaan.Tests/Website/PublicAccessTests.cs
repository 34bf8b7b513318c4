using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Website;

/// <summary>The per-client rate limit of the public endpoints (RateLimiting:PublicPerMinute, here 5).</summary>
public sealed class PublicRateLimitTests(ThrottledWebsiteFactory api) : IClassFixture<ThrottledWebsiteFactory>
{
    [Fact]
    public async Task A_burst_of_1000_anonymous_applications_is_throttled_and_stores_at_most_the_limit()
    {
        var anonymous = api.Anonymous();
        var created = 0;
        for (var i = 0; i < 1000; i++)
        {
            using var response = await anonymous.PostJson("/v1/applications", new CreateApplicationRequest($"Burst{i}", "Bot", true, Email: "bot@example.org"));
            if (response.StatusCode == HttpStatusCode.Created)
            {
                created++;
                continue;
            }
            var problem = await response.Problem(HttpStatusCode.TooManyRequests, "rate_limited");
            Assert.Equal("A client may make 5 requests a minute to the public endpoints; retry after the Retry-After seconds.", (string?)problem["detail"]);
            Assert.True(response.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1), "429 without a Retry-After of at least a second");
            Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        }

        Assert.Equal(ThrottledWebsiteFactory.Limit, created);
        var stored = await (await api.Client(ApiRole.Coordinator).GetAsync("/v1/applications?limit=200")).Read<Page<ApplicationResponse>>();
        Assert.Equal(ThrottledWebsiteFactory.Limit, stored.Items.Count(a => a.FirstName!.StartsWith("Burst", StringComparison.Ordinal)));
        // The public reads share the client's budget: the site's pages are a few requests a visit.
        await (await anonymous.GetAsync("/v1/faq")).Problem(HttpStatusCode.TooManyRequests, "rate_limited");
        // A website key is a client of its own: a server-side form posts for many people from one address.
        await (await api.Client(ApiRole.Website).PostJson("/v1/applications", new CreateApplicationRequest("Formulier", "Server", true, Phone: "0201234567")))
            .Read<ApplicationReceipt>(HttpStatusCode.Created);
    }
}

/// <summary>CORS: the configured origin only, and only on the public endpoints.</summary>
public sealed class CorsTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private const string Stranger = "https://evil.example";

    private async Task<HttpResponseMessage> Preflight(string path, string origin, string method)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", method);
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return await api.Anonymous().SendAsync(request);
    }

    private async Task<HttpResponseMessage> Get(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", origin);
        return await api.Anonymous().SendAsync(request);
    }

    [Theory]
    [InlineData("/v1/faq", "GET")]
    [InlineData("/v1/opportunities", "GET")]
    [InlineData("/v1/stats", "GET")]
    [InlineData("/v1/applications", "POST")]
    public async Task The_configured_origin_may_call_the_public_endpoints(string path, string method)
    {
        using var preflight = await Preflight(path, WebsiteFactory.Origin, method);

        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(WebsiteFactory.Origin, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains(method, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Methods")), StringComparison.Ordinal);
        Assert.Contains("content-type", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Headers")), StringComparison.OrdinalIgnoreCase);
        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Credentials"));
    }

    [Theory]
    [InlineData("/v1/faq", "GET")]
    [InlineData("/v1/applications", "POST")]
    public async Task Another_origin_gets_no_cors_headers(string path, string method)
    {
        using var preflight = await Preflight(path, Stranger, method);

        Assert.DoesNotContain(preflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_simple_read_names_the_configured_origin_only_and_varies_on_it()
    {
        using var allowed = await Get("/v1/faq", WebsiteFactory.Origin);
        using var stranger = await Get("/v1/faq", Stranger);

        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(WebsiteFactory.Origin, Assert.Single(allowed.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("ETag", Assert.Single(allowed.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.Ordinal);
        Assert.Contains("Origin", allowed.Headers.Vary);
        Assert.Equal(HttpStatusCode.OK, stranger.StatusCode);
        Assert.DoesNotContain(stranger.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/v1/volunteers", "GET")]
    [InlineData("/v1/applications/1/accept", "POST")]
    [InlineData("/v1/faq/1", "GET")]
    public async Task Endpoints_that_need_a_key_answer_no_browser_even_from_the_configured_origin(string path, string method)
    {
        using var preflight = await Preflight(path, WebsiteFactory.Origin, method);

        Assert.DoesNotContain(preflight.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }
}
