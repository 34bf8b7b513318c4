using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Burgerbaan.Api.Common;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Website;

/// <summary><c>Website:*</c>: who may call the public endpoints from a browser, and the public figures' target.</summary>
public sealed class WebsiteSettings : IValidatableObject
{
    public const string Section = "Website";

    /// <summary>Origins (scheme://host[:port]) whose pages may call the public endpoints from a browser (CORS).</summary>
    public List<string> AllowedOrigins { get; set; } = [];

    [Range(1, 100000, ErrorMessage = "Configuration key 'Website:PlacesTarget' must be a whole number of places from {1} to {2}.")]
    public int PlacesTarget { get; set; } = 10;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var origin in AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
                || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/'))
            {
                yield return new ValidationResult(
                    $"Configuration key 'Website:AllowedOrigins' holds '{origin}', which is not an origin such as https://www.almeerseburgerbaan.nl (scheme, host and port only).");
            }
        }
    }
}

/// <summary>
/// <c>RateLimiting:PublicPerMinute</c>: requests a minute per client to the public endpoints. <c>RateLimiting:TrustedProxies</c>:
/// the reverse proxies whose X-Forwarded-For names the client (empty: off, the connection's address is the client).
/// </summary>
public sealed class PublicRateLimitSettings
{
    [Range(1, 100000, ErrorMessage = "Configuration key 'RateLimiting:PublicPerMinute' must be a whole number of requests from {1} to {2}.")]
    public int PublicPerMinute { get; set; } = 30;

    public List<string> TrustedProxies { get; set; } = [];
}

/// <summary>Endpoint metadata: a public read that shared caches and browsers may keep for <see cref="Seconds"/>.</summary>
public sealed record PublicCache(int Seconds)
{
    public string HeaderValue { get; } = "public, max-age=" + Seconds.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// What makes an endpoint public: anonymous, CORS for the configured origins only, and the per-client rate limit.
/// The client is the key when one is sent (a website server posts for many people from one address), otherwise the
/// connection's address, which is the proxy's unless <c>RateLimiting:TrustedProxies</c> names it.
/// </summary>
public static class PublicAccess
{
    public const string CorsPolicy = "website";
    public const string RateLimitPolicy = "public";

    public static IServiceCollection AddBurgerbaanPublicAccess(this IServiceCollection services)
    {
        services.AddOptions<WebsiteSettings>().BindConfiguration(WebsiteSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<PublicRateLimitSettings>().BindConfiguration("RateLimiting").ValidateDataAnnotations()
            .Validate(s => s.TrustedProxies.All(p => IPAddress.TryParse(p, out _)),
                "Configuration key 'RateLimiting:TrustedProxies' must list IP addresses (e.g. 10.0.0.5).")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>().Configure<IOptions<WebsiteSettings>>((cors, website) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                .WithOrigins([.. website.Value.AllowedOrigins.Select(o => o.TrimEnd('/'))])
                .WithMethods("GET", "POST")
                .WithHeaders("Content-Type", "If-None-Match")
                .WithExposedHeaders("ETag", "Retry-After", "Location")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<PublicRateLimitSettings>>((options, settings) =>
            options.AddPolicy(RateLimitPolicy, new PublicRateLimitPolicy(settings.Value.PublicPerMinute)));
        return services;
    }

    /// <summary>Before everything else, so the rate limit sees the real client; only when proxies are configured.</summary>
    public static IApplicationBuilder UseBurgerbaanForwardedHeaders(this IApplicationBuilder app)
    {
        var proxies = app.ApplicationServices.GetRequiredService<IOptions<PublicRateLimitSettings>>().Value.TrustedProxies;
        if (proxies.Count == 0)
        {
            return app;
        }
        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = 1 };
        options.KnownIPNetworks.Clear();
        options.KnownProxies.Clear();
        foreach (var proxy in proxies)
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }
        return app.UseForwardedHeaders(options);
    }

    /// <summary>Anonymous, CORS for the website's origins, rate limited per client.</summary>
    public static RouteHandlerBuilder Public(this RouteHandlerBuilder route) => route
        .AllowAnonymous()
        .RequireCors(CorsPolicy)
        .RequireRateLimiting(RateLimitPolicy)
        .ProducesProblem(StatusCodes.Status429TooManyRequests);

    /// <summary>A public read that caches may keep (the central no-store is lifted for 200 and 304 only).</summary>
    public static RouteHandlerBuilder Cacheable(this RouteHandlerBuilder route, int seconds) => route.WithMetadata(new PublicCache(seconds));

    private sealed class PublicRateLimitPolicy(int perMinute) : IRateLimiterPolicy<string>
    {
        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (context, _) =>
        {
            var http = context.HttpContext;
            var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Segment;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"A client may make {perMinute} requests a minute to the public endpoints; retry after the Retry-After seconds.",
            };
            problem.Extensions["code"] = ProblemCodes.RateLimited;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>()
                .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
        };

        private static readonly TimeSpan Segment = TimeSpan.FromSeconds(10);

        // A sliding minute: however a burst falls across segments, no 60 seconds let more than the limit through.
        public RateLimitPartition<string> GetPartition(HttpContext http) => RateLimitPartition.GetSlidingWindowLimiter(
            http.User.FindFirstValue(ClaimTypes.NameIdentifier) is { } key ? "key:" + key : "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown"),
            _ => new SlidingWindowRateLimiterOptions
            {
                PermitLimit = perMinute,
                Window = TimeSpan.FromMinutes(1),
                SegmentsPerWindow = 6,
                QueueLimit = 0,
                AutoReplenishment = true,
            });
    }
}
