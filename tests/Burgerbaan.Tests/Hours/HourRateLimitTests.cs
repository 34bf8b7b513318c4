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

        var problem = await limited.Problem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "the 429 says why");
        // Only the documented problem members (openapi.yaml, ProblemDetails), nothing else.
        Assert.Equal(["code", "detail", "status", "title", "traceId", "type"], problem.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync("/v1/hours")).StatusCode);
        // Other endpoints are not rate limited.
        Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/v1/organisations")).StatusCode);
    }
}

public sealed class ReplenishingRateLimitedApiFactory : BurgerbaanApiFactory
{
    public const int PerMinute = 120;

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["RateLimiting:HoursPerMinute"] = PerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return settings;
        }
    }
}

/// <summary>
/// The bucket refills a sixtieth of the minute's allowance each second (2 requests at 120 a minute): a key that used it up
/// may make a few requests again after waiting, not a whole minute's worth. Wall-clock waiting, but no timing is asserted
/// beyond "some came back" and "far fewer than half the bucket came back", which holds however slow the machine.
/// </summary>
public sealed class HourRateReplenishmentTests(ReplenishingRateLimitedApiFactory api) : IClassFixture<ReplenishingRateLimitedApiFactory>
{
    [Fact]
    public async Task An_exhausted_key_gets_a_few_requests_back_each_second_not_the_whole_bucket()
    {
        var busy = api.Client(ApiRole.Coordinator);
        var exhausted = false;
        for (var i = 0; i < 10 * ReplenishingRateLimitedApiFactory.PerMinute && !exhausted; i++)
        {
            var response = await busy.GetAsync("/v1/hours?limit=1");
            exhausted = response.StatusCode == HttpStatusCode.TooManyRequests;
        }
        Assert.True(exhausted, "the bucket was never used up");

        // Comfortably longer than the one-second replenishment period.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var back = 0;
        while (back < ReplenishingRateLimitedApiFactory.PerMinute)
        {
            var response = await busy.GetAsync("/v1/hours?limit=1");
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                break;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            back++;
        }

        Assert.True(back >= 1, "no request was allowed again after waiting");
        // 2 a second: reaching half the bucket would take 30 seconds of requests, not the few milliseconds these take.
        Assert.True(back < ReplenishingRateLimitedApiFactory.PerMinute / 2, $"{back} requests came back at once");
    }
}
