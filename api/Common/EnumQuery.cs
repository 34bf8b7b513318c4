using System.Text.Json;

namespace Burgerbaan.Api.Common;

/// <summary>
/// An enum in a query string, read by the name it has in JSON and in the document (<c>?status=pending</c>).
/// The framework's own enum binding only knows the C# names (<c>Pending</c>) and numbers, so such
/// parameters are bound as strings, marked with this attribute (the document then shows the enum) and
/// parsed with <see cref="EnumQuery.Parse{T}"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class EnumQueryAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}

public static class EnumQuery
{
    /// <summary>Null when absent; a 400 naming <paramref name="field"/> when not one of the JSON names.</summary>
    public static T? Parse<T>(string? text, string field) where T : struct, Enum
    {
        if (text is null)
        {
            return null;
        }
        var names = Enum.GetValues<T>().Select(v => (Value: v, Name: JsonNamingPolicy.CamelCase.ConvertName(v.ToString()))).ToList();
        foreach (var (value, name) in names)
        {
            if (string.Equals(name, text, StringComparison.Ordinal))
            {
                return value;
            }
        }
        throw ApiProblemException.Validation(field, $"{field} must be one of {string.Join(", ", names.Select(n => n.Name))}.");
    }
}
