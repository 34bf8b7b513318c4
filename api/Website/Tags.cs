using System.Text.Json;
using Burgerbaan.Api.Common;

namespace Burgerbaan.Api.Website;

/// <summary>Interests and opportunity tags: trimmed, lower case, each once, so matching compares like with like.</summary>
internal static class Tags
{
    public const int MaxLength = 40;

    public static List<string> Normalise(IReadOnlyList<string>? tags, string field, Checks checks)
    {
        var result = new List<string>();
        for (var i = 0; i < (tags?.Count ?? 0); i++)
        {
            // The JSON reader lets a null through inside a list of strings ("tags": [null]): refused like an empty tag, not a 500.
            var tag = (tags![i] ?? "").Trim().ToLowerInvariant();
            checks.Require(tag.Length is > 0 and <= MaxLength, $"{field}[{i}]", $"A tag is 1 to {MaxLength} characters.");
            if (tag.Length > 0 && !result.Contains(tag, StringComparer.Ordinal))
            {
                result.Add(tag);
            }
        }
        return result;
    }

    public static string ToJson<T>(IReadOnlyList<T> values) => JsonSerializer.Serialize(values);

    public static IReadOnlyList<T> FromJson<T>(string json) => JsonSerializer.Deserialize<List<T>>(json) ?? [];
}
