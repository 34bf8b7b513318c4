using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Burgerbaan.Tests.Infrastructure;

/// <summary>Small HTTP helpers that keep the tests about behaviour.</summary>
public static class Http
{
    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, BurgerbaanApiFactory.Json);

    /// <summary>Sends raw text as JSON, for malformed and hostile bodies.</summary>
    public static Task<HttpResponseMessage> SendRaw(this HttpClient client, HttpMethod method, string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(method, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> Patch<T>(this HttpClient client, string url, T body, string? ifMatch) =>
        client.SendJson(HttpMethod.Patch, url, body, ifMatch);

    public static Task<HttpResponseMessage> Put<T>(this HttpClient client, string url, T body, string? ifMatch) =>
        client.SendJson(HttpMethod.Put, url, body, ifMatch);

    private static Task<HttpResponseMessage> SendJson<T>(this HttpClient client, HttpMethod method, string url, T body, string? ifMatch)
    {
        var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body, options: BurgerbaanApiFactory.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(request);
    }

    public static async Task<T> Read<T>(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonSerializer.Deserialize<T>(text, BurgerbaanApiFactory.Json)!;
    }

    /// <summary>Asserts an RFC 9457 problem with this status and code, and returns its body.</summary>
    public static async Task<JsonObject> Problem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, (string?)body["code"]);
        Assert.Equal((int)status, (int?)body["status"]);
        Assert.Equal("urn:burgerbaan:problem:" + code, (string?)body["type"]);
        Assert.False(string.IsNullOrEmpty((string?)body["title"]));
        return body;
    }

    /// <summary>The field names listed in a validation problem.</summary>
    public static string[] ErrorFields(this JsonObject problem) =>
        problem["errors"]?.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).ToArray() ?? [];
}
