using System.Globalization;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Strong ETags from the row's version counter. Updates must send <c>If-Match</c> with the current
/// tag (or <c>*</c>): a missing header is 428, a stale one 412, so two clerks never overwrite each other.
/// </summary>
public static class ETags
{
    public static string For(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpContext http, int version) => http.Response.Headers.ETag = For(version);

    /// <summary>Throws the 428 or 412 problem unless the request's If-Match names this version.</summary>
    public static void Require(HttpContext http, int currentVersion)
    {
        var header = http.Request.Headers.IfMatch;
        if (header.Count == 0)
        {
            throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, ProblemCodes.PreconditionRequired,
                "Precondition required", "Send If-Match with the ETag from your last read of this resource.");
        }
        var current = For(currentVersion);
        var matches = header
            .SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Any(tag => tag == "*" || tag == current);
        if (!matches)
        {
            throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed,
                "Precondition failed", "The resource changed since you read it; read it again and reapply your change.");
        }
    }
}
