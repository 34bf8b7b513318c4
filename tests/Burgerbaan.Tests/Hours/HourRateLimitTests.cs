using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Hours;

public sealed class RateLimitedApiFactory : BurgerbaanApiFactory
{
    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RateLimiting:HoursPerMinute"] = "3";
            return settings;
        }
    }
}

public sealed class HourRateLimitTests(RateLimitedApiFactory api) : IClassFixture<RateLimitedApiFactory>
{
    [Fact]
    public async Task A_key_over_its_hours_rate_gets_429_with_retry_after_and_other_keys_are_not_affected()
    {
        var busy = api.Client(ApiRole.Coordinator);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/v1/hours")).StatusCode);
        }

        var limited = await busy.GetAsync("/v1/hours");

        await limited.Problem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync("/v1/hours")).StatusCode);
        // Other endpoints are not rate limited.
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/v1/organisations")).StatusCode);
    }
}
