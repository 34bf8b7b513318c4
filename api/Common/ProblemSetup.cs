using System.Text.Json;
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
        return services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            if (problem is HttpValidationProblemDetails { Errors.Count: > 0 } invalid)
            {
                // The built-in DataAnnotations validation names C# members ("Email") and has no code:
                // make it the same problem as every other validation failure.
                FromDataAnnotations(invalid);
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
                415 => "Send the body as application/json.",
                _ => null,
            };
            problem.Extensions["traceId"] = context.HttpContext.TraceIdentifier;
            problem.Extensions.Remove("exception");
        });
    }

    private static void FromDataAnnotations(HttpValidationProblemDetails problem)
    {
        var errors = problem.Errors
            .GroupBy(e => JsonFieldName(e.Key), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray(), StringComparer.Ordinal);
        problem.Errors.Clear();
        foreach (var (field, messages) in errors)
        {
            problem.Errors[field] = messages;
        }
        problem.Title = "Validation failed";
        problem.Detail = "One or more fields are invalid; see errors.";
        problem.Extensions["code"] = ProblemCodes.ValidationFailed;
    }

    /// <summary><c>Entries[0].ExternalId</c> becomes <c>entries[0].externalId</c>, as the field is spelt in JSON.</summary>
    private static string JsonFieldName(string member) =>
        string.Join('.', member.Split('.').Select(JsonNamingPolicy.CamelCase.ConvertName));

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
