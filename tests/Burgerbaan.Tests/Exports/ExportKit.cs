using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using CsvHelper;
using CsvHelper.Configuration;

namespace Burgerbaan.Tests.Exports;

/// <summary>Reads the CSV exports as a client would: through HTTP, parsed back with CsvHelper against the columns README documents.</summary>
internal static class ExportKit
{
    public static Task<HttpResponseMessage> GetCsv(this HttpClient client, string url, string accept = "text/csv")
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        return client.SendAsync(request);
    }

    /// <summary>Asserts a 200 text/csv answer in UTF-8 with the header <paramref name="header"/> and its attachment name, and parses its rows.</summary>
    public static async Task<List<T>> ReadCsv<T>(this HttpResponseMessage response, string header, string file)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {text}");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal($"attachment; filename=\"{file}\"", response.Content.Headers.ContentDisposition?.ToString());
        Assert.False(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no byte order mark");
        Assert.StartsWith(header + "\r\n", text, StringComparison.Ordinal);
        return Parse<T>(text);
    }

    public static List<T> Parse<T>(string text)
    {
        using var reader = new CsvReader(new StringReader(text), new CsvConfiguration(CultureInfo.InvariantCulture) { MissingFieldFound = null });
        return reader.GetRecords<T>().ToList();
    }

    /// <summary>Every item of a cursor-paged JSON list.</summary>
    public static async Task<List<T>> AllPages<T>(this HttpClient client, string url, int limit = 200)
    {
        var all = new List<T>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}limit={limit}" +
                (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)))).Read<Page<T>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public static MediaTypeHeaderValue? ContentType(this HttpResponseMessage response) => response.Content.Headers.ContentType;
}
