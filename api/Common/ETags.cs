using System.Globalization;
using Microsoft.Net.Http.Headers;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Strong ETags from the row's version counter. Updates must send <c>If-Match</c> with the current
/// tag (or <c>*</c>): a missing header is 428, a stale one 412, so two clerks never overwrite each other.
/// </summary>
public static class ETags
{
    public const string IfMatchField = "If-Match";

    public static string For(int version) => "\"" + version.ToString(CultureInfo.InvariantCulture) + "\"";

    public static void Set(HttpContext http, int version) => http.Response.Headers.ETag = For(version);

    /// <summary>Throws the 428, 400 or 412 problem unless the request's If-Match names this version.</summary>
    public static void Require(HttpContext http, int currentVersion)
    {
        var header = http.Request.Headers.IfMatch;
        if (header.Count == 0)
        {
            throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, ProblemCodes.PreconditionRequired,
                "Precondition required", "Send If-Match with the ETag from your last read of this resource.");
        }
        // An unquoted tag (If-Match: 3) is a client bug, not a stale read: answering 412 "changed since you read it"
        // would send the client into a re-read loop that can never succeed.
        if (!EntityTagHeaderValue.TryParseStrictList(header, out var tags) || tags.Count == 0)
        {
            throw ApiProblemException.Validation(IfMatchField,
                "If-Match must be * or ETags as the ETag header sends them, quoted: If-Match: \"3\".");
        }
        var current = new EntityTagHeaderValue(For(currentVersion));
        // Strong comparison (RFC 9110 13.1.1): a weak tag never matches.
        if (!tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: true)))
        {
            throw Stale();
        }
    }

    /// <summary>
    /// The row count of a versioned UPDATE (<c>... WHERE id = @Id AND version = @Version</c>) decides: no row means a
    /// concurrent writer won between read and write, which is a 412, never a silent 200. The row lock taken by the read
    /// makes this unreachable today; the guard stays so that a change of locking cannot lose an update quietly.
    /// </summary>
    public static void RequireUpdated(int rows)
    {
        if (rows == 0)
        {
            throw Stale();
        }
    }

    private static ApiProblemException Stale() =>
        new(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed,
            "Precondition failed", "The resource changed since you read it; read it again and reapply your change.");
}
