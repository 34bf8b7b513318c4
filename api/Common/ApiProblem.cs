namespace Burgerbaan.Api.Common;

/// <summary>
/// A refusal. Thrown anywhere in a request (also inside a unit of work, whose transaction then rolls
/// back, so a refusal never leaves a row behind) and written as an RFC 9457 problem with a stable
/// <c>code</c> by <see cref="ProblemExceptionHandler"/>.
/// </summary>
public sealed class ApiProblemException(int status, string code, string title, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string Title { get; } = title;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    /// <summary>Response headers that belong to the refusal (e.g. Retry-After).</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    public static ApiProblemException NotFound(string what) =>
        new(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No {what} with that id is visible to this key.");

    public static ApiProblemException Validation(string field, string message) => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException Validation(IDictionary<string, string[]> errors) =>
        new(StatusCodes.Status400BadRequest, ProblemCodes.ValidationFailed, "Validation failed",
            "One or more fields are invalid; see errors.", new Dictionary<string, object?> { ["errors"] = errors });

    public static ApiProblemException Conflict(string detail) =>
        new(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict", detail);

    public static ApiProblemException Forbidden(string detail) =>
        new(StatusCodes.Status403Forbidden, ProblemCodes.Forbidden, "Forbidden", detail);
}

/// <summary>The stable problem codes. README lists them; clients switch on them.</summary>
public static class ProblemCodes
{
    public const string ValidationFailed = "validation_failed";
    public const string MalformedRequest = "malformed_request";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string Conflict = "conflict";
    public const string PreconditionFailed = "precondition_failed";
    public const string PreconditionRequired = "precondition_required";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string ServiceUnavailable = "service_unavailable";

    /// <summary>The code for a bare status (a 404 from routing, a 405, ...).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => MalformedRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        409 => Conflict,
        412 => PreconditionFailed,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        428 => PreconditionRequired,
        429 => RateLimited,
        503 => ServiceUnavailable,
        >= 500 => InternalError,
        _ => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public static string TypeUri(string code) => "urn:burgerbaan:problem:" + code;
}
