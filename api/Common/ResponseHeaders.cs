using Microsoft.Net.Http.Headers;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Headers every response carries, problems and 404s included: set when the response starts, so that nothing
/// written later in the pipeline (the exception handler clears headers) can lose them.
/// </summary>
internal static class ResponseHeaders
{
    /// <summary>The only responses a cache may keep: the public OpenAPI document and the Swagger UI's files.</summary>
    private static readonly PathString Swagger = new("/swagger");

    /// <summary>
    /// First in the pipeline. <c>nosniff</c> on everything; <c>no-store</c> on everything but the document, because
    /// almost every /v1 answer holds personal or money data (volunteers, names on placements, a new key, hours,
    /// payouts, the audit trail) and a shared cache or a browser's disk must keep none of it. A later public endpoint
    /// that may be cached (FAQ, opportunities, figures) opts out with PublicCache metadata, on purpose.
    /// </summary>
    public static IApplicationBuilder UseBurgerbaanResponseHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.Remove(HeaderNames.Server);
            // A public read opts out by its endpoint's PublicCache metadata, and only for a representation (200) or
            // its confirmation (304): a refusal or a 429 is never kept.
            if (http.GetEndpoint()?.Metadata.GetMetadata<Website.PublicCache>() is { } cache
                && http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
            {
                headers.CacheControl = cache.HeaderValue;
                // CORS names the origin only to a configured one: a shared cache must not hand that answer to another.
                if (!headers.Vary.Any(v => v is not null && v.Contains("Origin", StringComparison.OrdinalIgnoreCase)))
                {
                    headers.Append(HeaderNames.Vary, "Origin");
                }
            }
            else if (!http.Request.Path.StartsWithSegments(Swagger, StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
