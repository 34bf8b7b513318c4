using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Burgerbaan.Api.Common;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Hours;

/// <summary>
/// Per-key rate limit on the hours endpoints (<c>RateLimiting:HoursPerMinute</c>, default 600 requests a
/// minute per API key, a token bucket refilled every second). Over it: 429 <c>rate_limited</c> with Retry-After.
/// </summary>
public static class RateLimits
{
    public static IServiceCollection AddBurgerbaanRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitSettings>()
            .BindConfiguration(RateLimitSettings.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitSettings>>((options, settings) =>
        {
            var perMinute = settings.Value.HoursPerMinute;
            options.AddPolicy(HourEndpoints.RateLimitPolicy, http => RateLimitPartition.GetTokenBucketLimiter(
                http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "anonymous",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = perMinute,
                    TokensPerPeriod = Math.Max(1, perMinute / 60),
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            options.OnRejected = async (context, ct) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? (int)Math.Ceiling(wait.TotalSeconds) : 1;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, retryAfter).ToString(CultureInfo.InvariantCulture);
                var problem = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"This key may make {perMinute} requests a minute to the hours endpoints; retry after the Retry-After seconds.",
                };
                problem.Extensions["code"] = ProblemCodes.RateLimited;
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>()
                    .WriteAsync(new ProblemDetailsContext { HttpContext = context.HttpContext, ProblemDetails = problem });
            };
        });
        return services;
    }
}

/// <summary><c>RateLimiting:HoursPerMinute</c>: requests a minute per API key to the hours endpoints.</summary>
public sealed class RateLimitSettings
{
    public const string Section = "RateLimiting";

    [Range(1, int.MaxValue, ErrorMessage = "Configuration key 'RateLimiting:HoursPerMinute' must be a whole number of requests, at least {1}.")]
    public int HoursPerMinute { get; set; } = 600;
}
