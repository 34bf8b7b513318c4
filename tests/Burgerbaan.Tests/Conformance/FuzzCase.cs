using System.Text;
using Burgerbaan.Tests.Security;

namespace Burgerbaan.Tests.Conformance;

/// <summary>
/// One request of the fuzz run. <paramref name="Authorization"/>, when set, replaces the caller's key with this header
/// value ("" sends none). <paramref name="Body"/> is sent as is, with <paramref name="ContentType"/> (null: no header).
/// </summary>
public sealed record FuzzCase(string Label, HttpMethod Method, string Url, Who Caller, byte[]? Body = null, string? ContentType = "application/json",
    string? Authorization = null, IReadOnlyList<KeyValuePair<string, string>>? Headers = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Url);
        if (Body is not null)
        {
            request.Content = new ByteArrayContent(Body);
            if (ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
            }
        }
        if (Authorization is not null && Authorization.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Authorization", Authorization);
        }
        foreach (var (name, value) in Headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    /// <summary>Enough to send it again by hand: the label, the request line, the caller and the first 300 characters of the body.</summary>
    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        var who = Authorization is null ? Caller.ToString() : $"Authorization '{Shorten(Authorization, 40)}'";
        var headers = string.Concat((Headers ?? []).Select(h => $" {h.Key}: '{Shorten(h.Value, 40)}'"));
        return $"[{Label}] {Method} {Shorten(Url, 200)} as {who}{headers} {ContentType} {Shorten(body, 300)}";
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + $"...({text.Length} chars)";
}
