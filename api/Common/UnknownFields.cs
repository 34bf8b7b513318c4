using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Api.Common;

/// <summary>
/// The serializer stops at the first unknown field; a client fixing its request wants them all. JSON bodies are
/// buffered, so when one is refused for an unknown field the object it sits in is read again and every field of it
/// that its type lacks is named (<c>entries[1].hours</c>, <c>entries[1].Minutes</c>).
/// </summary>
internal static partial class UnknownFields
{
    /// <summary>At most this many are named, each cut short: the problem must not echo a hostile body.</summary>
    private const int MaxListed = 20;
    private const int MaxNameLength = 64;

    public static IApplicationBuilder UseJsonBodyBuffering(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (http.Request.HasJsonContentType())
        {
            // In memory up to the body limit: the default spills every body over 30 KB (a 1,000-entry hours batch is about
            // 120 KB) to a temporary file, created, written and deleted on every request.
            http.Request.EnableBuffering((int)ProblemSetup.MaxRequestBodyBytes, ProblemSetup.MaxRequestBodyBytes);
        }
        await next(http);
    });

    /// <summary>
    /// Every unknown field of the object that holds <paramref name="firstPath"/> (the serializer's <c>$.entries[1].hours</c>),
    /// keyed by its path; null when the body or its type cannot be read again (the caller then names the first one only).
    /// </summary>
    public static async Task<IReadOnlyList<string>?> AllAsync(HttpContext http, string firstPath, CancellationToken ct)
    {
        var segments = Segments().Matches(firstPath).Select(m => m.Value).ToList();
        if (segments.Count == 0 || !http.Request.Body.CanSeek
            // The exception handler runs with the endpoint cleared; the feature keeps the one that failed.
            || (http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint())?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType
                is not { } bodyType)
        {
            return null;
        }
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        http.Request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(http.Request.Body, new JsonDocumentOptions { MaxDepth = options.MaxDepth }, ct);
        var element = document.RootElement;
        var type = options.GetTypeInfo(bodyType);
        foreach (var segment in segments[..^1])
        {
            if (segment.StartsWith('[') && int.TryParse(segment.AsSpan(1, segment.Length - 2), out var index)
                && element.ValueKind == JsonValueKind.Array && index < element.GetArrayLength() && type.ElementType is { } itemType)
            {
                element = element[index];
                type = options.GetTypeInfo(itemType);
            }
            else if (segment.StartsWith('.') && element.ValueKind == JsonValueKind.Object && element.TryGetProperty(segment[1..], out var inner)
                && type.Properties.FirstOrDefault(p => p.Name == segment[1..]) is { } property)
            {
                element = inner;
                type = options.GetTypeInfo(property.PropertyType);
            }
            else
            {
                return null;
            }
        }
        if (element.ValueKind != JsonValueKind.Object || type.Kind != JsonTypeInfoKind.Object)
        {
            return null;
        }
        var known = type.Properties.Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        var at = string.Concat(segments[..^1]).TrimStart('.');
        return element.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal).Take(MaxListed)
            .Select(n => (at.Length == 0 ? "" : at + ".") + (n.Length > MaxNameLength ? n[..MaxNameLength] + "..." : n))
            .ToList();
    }

    // Simple names and indexes only; a quoted name ($['a b']) ends the walk and the first field alone is named.
    [GeneratedRegex(@"\.[A-Za-z0-9_]+|\[[0-9]+\]")]
    private static partial Regex Segments();
}
