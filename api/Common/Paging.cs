using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Burgerbaan.Contracts;
using Microsoft.AspNetCore.Mvc;

namespace Burgerbaan.Api.Common;

/// <summary><c>?limit=</c> (1..200, default 50) and the opaque <c>?cursor=</c> of list endpoints.</summary>
public sealed record PageQuery([FromQuery(Name = "limit")] int? Limit, [FromQuery(Name = "cursor")] string? Cursor)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The validated limit and the id to continue after (0 for the first page).</summary>
    public (int Limit, long After) Resolve()
    {
        var limit = Limit ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw ApiProblemException.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        }
        return (limit, Cursor is null ? 0 : Paging.Decode(Cursor));
    }
}

public static class Paging
{
    // Keyset paging on the ascending id: stable under inserts, no offsets. The cursor is the last id,
    // base64url-encoded with a version prefix so its format can change later.
    public static string Encode(long lastId) =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes("v1:" + lastId.ToString(CultureInfo.InvariantCulture)));

    public static long Decode(string cursor)
    {
        try
        {
            var text = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(cursor));
            if (text.StartsWith("v1:", StringComparison.Ordinal)
                && long.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0)
            {
                return id;
            }
        }
        catch (FormatException)
        {
        }
        throw ApiProblemException.Validation("cursor", "cursor is not one this service handed out.");
    }

    /// <summary>Builds the page from rows fetched with limit + 1, the extra row telling whether more follow.</summary>
    public static Page<TOut> ToPage<TRow, TOut>(IReadOnlyList<TRow> rows, int limit, Func<TRow, long> id, Func<TRow, TOut> map)
    {
        var more = rows.Count > limit;
        var items = rows.Take(limit).Select(map).ToList();
        return new Page<TOut>(items, more ? Encode(id(rows[limit - 1])) : null);
    }
}
