using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Burgerbaan.Api.Website;

/// <summary>
/// A public read's ETag is a hash of the representation itself, so any change anyone makes (an entry published, an
/// organisation renamed) changes it without a version to bump; <c>If-None-Match</c> with it answers 304 and no body.
/// </summary>
internal static class PublicETag
{
    public static Results<Ok<T>, StatusCodeHttpResult> Answer<T>(HttpContext http, T value)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(value, options));
        var tag = new EntityTagHeaderValue("\"" + Base64Url.EncodeToString(hash.AsSpan(0, 16)) + "\"");
        http.Response.Headers.ETag = tag.ToString();
        // If-None-Match compares weakly (RFC 9110 13.1.2): W/"x" matches "x".
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var sent)
            && sent.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Ok(value);
    }
}
