using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Features;

namespace Burgerbaan.Api.Common;

internal static class ProblemSetup
{
    /// <summary>Requests larger than this are refused with 413 before they are read.</summary>
    public const long MaxRequestBodyBytes = 2 * 1024 * 1024;

    /// <summary>Every problem gets a <c>code</c>, a <c>type</c> derived from it and the trace id.</summary>
    public static IServiceCollection AddBurgerbaanProblems(this IServiceCollection services)
    {
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem is HttpValidationProblemDetails validation)
            {
                // The built-in DataAnnotations validation: same shape and code as the service's own field errors.
                validation.Errors = CamelCaseErrors(validation.Errors);
                validation.Title = "Validation failed";
                validation.Detail ??= "One or more fields are invalid; see errors.";
                problem.Extensions["code"] = ProblemCodes.ValidationFailed;
            }
            if (!problem.Extensions.TryGetValue("code", out var code) || code is not string)
            {
                code = problem.Extensions.ContainsKey("errors") ? ProblemCodes.ValidationFailed : ProblemCodes.ForStatus(status);
                problem.Extensions["code"] = code;
            }
            problem.Type = ProblemCodes.TypeUri((string)code!);
            problem.Detail ??= status switch
            {
                404 => "No such resource.",
                405 => "This path does not accept that method.",
                413 => "The request body is larger than this service accepts.",
                415 => "Send the body as application/json.",
                _ => null,
            };
            problem.Extensions["traceId"] = TraceId(context.HttpContext);
            problem.Extensions.Remove("exception");
        });
        // After the framework's writer: only the problems it declines (an Accept without JSON, e.g. text/csv) reach it.
        return services.AddSingleton<IProblemDetailsWriter, ProblemForAnyAccept>();
    }

    /// <summary>
    /// The W3C trace id of the request (the id its spans and logs carry, also when a caller sent a traceparent), so a
    /// quoted traceId finds the trace. ASP.NET Core starts that activity whenever anything listens, logging included;
    /// without one, the connection's request id.
    /// </summary>
    internal static string TraceId(HttpContext http) =>
        http.Features.Get<IHttpActivityFeature>()?.Activity is { TraceId: var id } && id != default ? id.ToHexString() : http.TraceIdentifier;

    /// <summary>
    /// DataAnnotations name members as declared (<c>HourlyRateCents</c>, <c>Entries[0].Date</c>); clients know
    /// the JSON names, so keys and the member names inside the messages become camelCase.
    /// </summary>
    private static Dictionary<string, string[]> CamelCaseErrors(IDictionary<string, string[]> errors)
    {
        var result = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (key, messages) in errors)
        {
            var segments = key.Split('.');
            var camel = string.Join('.', segments.Select(s => JsonNamingPolicy.CamelCase.ConvertName(s)));
            var member = segments[^1].Split('[')[0];
            var rewritten = member.Length == 0
                ? messages
                : messages.Select(m => Regex.Replace(m, $@"\b{Regex.Escape(member)}\b", JsonNamingPolicy.CamelCase.ConvertName(member))).ToArray();
            result[camel] = result.TryGetValue(camel, out var existing) ? [.. existing, .. rewritten] : rewritten;
        }
        return result;
    }

    /// <summary>
    /// Refuses a declared oversized body at once (Kestrel enforces the same limit on streamed bodies;
    /// the test server does not, so the check lives here too).
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.ContentLength > MaxRequestBodyBytes)
        {
            throw new BadHttpRequestException("Request body too large.", StatusCodes.Status413PayloadTooLarge);
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxRequestBodyBytes;
        }
        await next(http);
    });
}
