using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Turns every exception into a problem: <see cref="ApiProblemException"/> as it says, a request the framework
/// could not read (malformed JSON, wrong types, unknown fields or enum values, wrong content type,
/// oversized body) into its 4xx, and anything else into a 500 that reveals nothing.
/// </summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> log)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiProblemException p => FromApiProblem(p),
            BadHttpRequestException bad => FromBadRequest(bad),
            _ => null,
        };
        // One unknown field named: name every other one of the same object too.
        if (problem is not null && problem.Extensions.TryGetValue("errors", out var named) && named is Dictionary<string, string[]> { Count: 1 } errors
            && errors.First() is { Value: [UnknownFieldMessage] } first
            && await UnknownFields.AllAsync(http, "$." + first.Key, cancellationToken) is { Count: > 0 } all)
        {
            problem.Extensions["errors"] = all.ToDictionary(name => name, _ => new[] { UnknownFieldMessage }, StringComparer.Ordinal);
        }
        if (problem is null)
        {
            // The message may hold data from the request; log the type and trace only.
            LogUnhandled(log, exception.GetType().FullName, http.Request.Path.Value);
            problem = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Internal error",
                Detail = "The request could not be completed. Quote the traceId when reporting this.",
            };
            problem.Extensions["code"] = ProblemCodes.InternalError;
        }
        http.Response.StatusCode = problem.Status!.Value;
        if (exception is ApiProblemException { Headers.Count: > 0 } withHeaders)
        {
            foreach (var (name, value) in withHeaders.Headers)
            {
                http.Response.Headers[name] = value;
            }
        }
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    }

    private static ProblemDetails FromApiProblem(ApiProblemException p)
    {
        var problem = new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message };
        problem.Extensions["code"] = p.Code;
        foreach (var (key, value) in p.Extensions)
        {
            problem.Extensions[key] = value;
        }
        return problem;
    }

    private static ProblemDetails FromBadRequest(BadHttpRequestException bad)
    {
        if (BindFailure().Match(bad.Message) is { Success: true } bind)
        {
            // A query or route value of the wrong type, e.g. ?limit=abc. The value itself is not echoed.
            var name = JsonNamingPolicy.CamelCase.ConvertName(bind.Groups[2].Value);
            var invalid = new ProblemDetails { Status = 400, Title = "Validation failed", Detail = "One or more fields are invalid; see errors." };
            invalid.Extensions["code"] = ProblemCodes.ValidationFailed;
            invalid.Extensions["errors"] = new Dictionary<string, string[]> { [name] = [Expected(bind.Groups[1].Value)] };
            return invalid;
        }
        if (FindJsonException(bad) is { } json)
        {
            var errors = JsonErrors(json);
            var problem = new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "Validation failed",
                // "Not valid JSON" only when it is not: a wrong value in well-formed JSON is a field error like any other.
                Detail = errors.ContainsKey("body") ? "The request body is not valid JSON, or not a JSON object; see errors." : "One or more fields are invalid; see errors.",
            };
            problem.Extensions["code"] = ProblemCodes.ValidationFailed;
            problem.Extensions["errors"] = errors;
            return problem;
        }
        var status = bad.StatusCode;
        var result = new ProblemDetails
        {
            Status = status,
            Title = status switch
            {
                413 => "Payload too large",
                415 => "Unsupported media type",
                _ => "Bad request",
            },
            Detail = status switch
            {
                413 => "The request body is larger than this service accepts.",
                415 => "Send the body as application/json.",
                _ => bad.Message.StartsWith("Required parameter", StringComparison.Ordinal)
                    || bad.Message.Contains("no body was provided", StringComparison.Ordinal)
                    ? "A required parameter or the request body is missing."
                    : "The request could not be read.",
            },
        };
        result.Extensions["code"] = ProblemCodes.ForStatus(status);
        return result;
    }

    private static JsonException? FindJsonException(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    /// <summary>
    /// Field names come from the JSON path (<c>$.dateOfBirth</c> becomes <c>dateOfBirth</c>) or, for
    /// missing required properties, from the serializer's list under the path of the object that lacks them. The serializer's own message is not
    /// passed on: it names internal types.
    /// </summary>
    private static Dictionary<string, string[]> JsonErrors(JsonException json)
    {
        var missing = MissingProperties().Match(json.Message);
        if (missing.Success)
        {
            // Inside a list the path says which element lacks them: entries[1].date, not date.
            var at = json.Path is null or "$" ? "" : json.Path.TrimStart('$').TrimStart('.') + ".";
            return QuotedName().Matches(missing.Groups[1].Value)
                .Select(m => at + m.Groups[1].Value)
                .ToDictionary(name => name, _ => RequiredMessage);
        }
        // The reader's own (internal) exception, which the serializer wraps, means the text is not JSON at all:
        // that is the body's fault, not the field the reader happened to be in.
        var syntax = json.GetType().Name == ReaderException || json.InnerException?.GetType().Name == ReaderException;
        var path = syntax || json.Path is null or "$" ? "body" : json.Path.TrimStart('$').TrimStart('.');
        var message = syntax || path == "body"
            ? "The body is not well-formed JSON, or not a JSON object."
            : json is JsonFieldException field
                ? field.ClientMessage
                : json.Message.Contains("could not be mapped", StringComparison.Ordinal)
                    ? UnknownFieldMessage
                    : json.Message.Contains("Duplicate property", StringComparison.Ordinal)
                        ? "This field appears more than once."
                        : json.Message.Contains("null values", StringComparison.Ordinal)
                            ? "This field may not be null."
                            : ConvertFailure().Match(json.Message) is { Success: true } convert
                                ? Expected(convert.Groups[1].Value)
                                : "The value is malformed or of the wrong type.";
        return new Dictionary<string, string[]> { [path] = [message] };
    }

    /// <summary>
    /// What a value of a .NET type looks like to a client, from the serializer's (<c>System.Int64</c>) or the binder's
    /// (<c>Nullable&lt;int&gt;</c>) type name.
    /// </summary>
    private static string Expected(string type)
    {
        var name = type.ToLowerInvariant();
        return name.Contains("list`1", StringComparison.Ordinal) || name.EndsWith("[]", StringComparison.Ordinal) ? "Expected a JSON array."
            : name.Contains("int", StringComparison.Ordinal) || name.Contains("long", StringComparison.Ordinal) ? "Expected a whole number (no quotes, no fraction, within range)."
            : name.Contains("bool", StringComparison.Ordinal) ? "Expected true or false."
            : name.Contains("string", StringComparison.Ordinal) ? "Expected a string."
            : "Expected a JSON object.";
    }

    private const string ReaderException = "JsonReaderException";

    private static readonly string[] RequiredMessage = ["This field is required."];

    private const string UnknownFieldMessage = "This field is not part of the request (names are camelCase, spelled exactly).";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} at {Path}")]
    private static partial void LogUnhandled(ILogger logger, string? exceptionType, string? path);

    [GeneratedRegex("missing required properties including: (.*)$", RegexOptions.Singleline)]
    private static partial Regex MissingProperties();

    [GeneratedRegex("^Failed to bind parameter \"(?:([^\"]*) )?([A-Za-z0-9_]+)\" from")]
    private static partial Regex BindFailure();

    [GeneratedRegex("could not be converted to (.+?)\\.(?: Path:|$)", RegexOptions.Singleline)]
    private static partial Regex ConvertFailure();

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
