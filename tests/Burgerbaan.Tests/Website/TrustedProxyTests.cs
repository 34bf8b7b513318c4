using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Website;

/// <summary>
/// Every request arrives from the reverse proxy's address (10.0.0.1), as it does in production behind one; the test
/// server has no connection address of its own, so a startup filter sets it before the service's pipeline runs.
/// </summary>
public class BehindProxyFactory : WebsiteFactory
{
    public const string Proxy = "10.0.0.1";
    public const int Limit = 3;

    protected override int PublicPerMinute => Limit;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, FromProxy>());
    }

    private sealed class FromProxy : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((http, then) =>
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse(Proxy);
                return then(http);
            });
            next(app);
        };
    }
}

/// <summary>RateLimiting:TrustedProxies names the proxy: each visitor behind it has a budget of their own.</summary>
public sealed class TrustedProxyFactory : BehindProxyFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["RateLimiting:TrustedProxies:0"] = Proxy,
    };
}

public sealed class TrustedProxyTests(TrustedProxyFactory api) : IClassFixture<TrustedProxyFactory>
{
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_budget()
    {
        Assert.Equal(BehindProxyFactory.Limit, await ForwardedFor(api, "203.0.113.7", 5));
        // Another visitor, the same proxy: not throttled by the first one's burst.
        Assert.Equal(BehindProxyFactory.Limit, await ForwardedFor(api, "198.51.100.23", 5));
        // Only the last entry counts (ForwardLimit 1): what a client writes in front of it is not believed.
        Assert.Equal(0, await ForwardedFor(api, "192.0.2.99, 203.0.113.7", 1));
    }

    /// <summary>How many of <paramref name="count"/> FAQ reads with this X-Forwarded-For were answered 200.</summary>
    internal static async Task<int> ForwardedFor(BurgerbaanApiFactory api, string forwardedFor, int count)
    {
        var answered = 0;
        for (var i = 0; i < count; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/v1/faq");
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
            using var response = await api.Anonymous().SendAsync(request);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                answered++;
                continue;
            }
            await response.Problem(HttpStatusCode.TooManyRequests, "rate_limited");
        }
        return answered;
    }
}

/// <summary>Off by default: without TrustedProxies the header is ignored, so a client cannot pick its own address.</summary>
public sealed class UntrustedProxyTests(BehindProxyFactory api) : IClassFixture<BehindProxyFactory>
{
    [Fact]
    public async Task Without_trusted_proxies_the_forwarded_header_is_ignored_and_everyone_behind_the_proxy_shares_one_budget()
    {
        Assert.Equal(BehindProxyFactory.Limit, await TrustedProxyTests.ForwardedFor(api, "203.0.113.7", 5));
        Assert.Equal(0, await TrustedProxyTests.ForwardedFor(api, "198.51.100.23", 2));
    }
}
