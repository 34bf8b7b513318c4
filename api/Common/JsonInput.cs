using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Burgerbaan.Api.Common;

/// <summary>
/// A value the service refuses while reading a body, with a message meant for the client. The serializer adds the
/// JSON path (<c>$.entries[3].description</c>), so the problem names the field exactly where it sits.
/// </summary>
public sealed class JsonFieldException(string clientMessage, Exception? inner = null) : JsonException(clientMessage, inner)
{
    public string ClientMessage { get; } = clientMessage;
}

/// <summary>
/// Text as every stored field accepts it: no C0 or C1 control characters, no DEL, no bidirectional formatting
/// (U+200E/F, U+202A..U+202E, U+2066..U+2069) and no lone surrogates; they break CSV, XML and bank files and can
/// disguise what a name says. Multi-line fields (see <see cref="JsonInput.IsMultiLine"/>) also take tab, LF and CR.
/// Registered for every string, so a field added later is covered without doing anything.
/// </summary>
public sealed class SafeTextConverter(bool multiLine) : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonFieldException("Expected a string.");
        }
        string text;
        try
        {
            text = reader.GetString()!;
        }
        catch (InvalidOperationException e)
        {
            // Invalid UTF-8 or an escaped lone surrogate (\uD800) the reader cannot turn into a string.
            throw new JsonFieldException("The text is not valid Unicode (invalid UTF-8 or a lone surrogate).", e);
        }
        if (Refused(text, multiLine) is { } bad)
        {
            throw new JsonFieldException(bad);
        }
        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

    /// <summary>Why the text is refused, or null when it is accepted.</summary>
    public static string? Refused(string text, bool multiLine)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c))
            {
                return "The text holds a lone surrogate; it is not valid Unicode.";
            }
            if (multiLine && c is '\t' or '\n' or '\r')
            {
                continue;
            }
            if (c <= '\u001F' || c is >= '\u007F' and <= '\u009F')
            {
                return $"The text holds the control character U+{(int)c:X4}; control characters are not accepted"
                    + (multiLine ? " (tab, line feed and carriage return are)." : " (tab and line breaks only in descriptions, notes, reasons, motivations and answers).");
            }
            if (c is '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069')
            {
                return $"The text holds the bidirectional formatting character U+{(int)c:X4}; these are not accepted.";
            }
        }
        return null;
    }
}

/// <summary>
/// Enums by their lower-case (camelCase) JSON name only: <c>"pending"</c>, never <c>"Pending"</c> or <c>1</c>. A wrong
/// value is refused with the allowed names. (The framework's string-enum converter reads names case-insensitively.)
/// </summary>
public sealed class StrictEnumConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter)Activator.CreateInstance(typeof(StrictEnumConverter<>).MakeGenericType(typeToConvert))!;

    private sealed class StrictEnumConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        private static readonly (T Value, string Name)[] Names =
            [.. Enum.GetValues<T>().Select(v => (v, JsonNamingPolicy.CamelCase.ConvertName(v.ToString())))];

        private static readonly string Expected = "Expected one of: " + string.Join(", ", Names.Select(n => n.Name)) + ".";

        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.String)
            {
                foreach (var (value, name) in Names)
                {
                    if (reader.ValueTextEquals(name))
                    {
                        return value;
                    }
                }
            }
            throw new JsonFieldException(Expected);
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options)
        {
            // A loop, not First with a lambda: that allocated a closure for every enum written.
            foreach (var (known, name) in Names)
            {
                if (EqualityComparer<T>.Default.Equals(known, value))
                {
                    writer.WriteStringValue(name);
                    return;
                }
            }
            throw new InvalidOperationException($"{typeof(T).Name} has no value {value}.");
        }
    }
}

/// <summary>
/// A converter whose every refusal names the one format it reads (<c>yyyy-MM-dd</c>, a whole number) instead of its
/// own message, which names internal types or, inside a record, the record instead of the value.
/// </summary>
public sealed class FormatNamingConverter<T>(JsonConverter<T> inner, string expected, params JsonTokenType[] tokens) : JsonConverter<T>
{
    public override bool HandleNull => true;

    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (Array.IndexOf(tokens.Length == 0 ? Strings : tokens, reader.TokenType) < 0)
        {
            throw new JsonFieldException(expected);
        }
        try
        {
            return inner.Read(ref reader, typeToConvert, options)!;
        }
        catch (Exception e) when (e is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            throw new JsonFieldException(expected, e);
        }
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => inner.Write(writer, value, options);

    private static readonly JsonTokenType[] Strings = [JsonTokenType.String];

    // Dictionary keys are not used with these types; refuse rather than guess.
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonFieldException(expected);
}

public static class JsonInput
{
    private static readonly SafeTextConverter MultiLineText = new(multiLine: true);

    /// <summary>Free text where line breaks make sense: descriptions, notes, reasons, motivations and answers, by their JSON name.</summary>
    public static bool IsMultiLine(string jsonName) =>
        jsonName.EndsWith("description", StringComparison.OrdinalIgnoreCase)
        || jsonName.EndsWith("reason", StringComparison.OrdinalIgnoreCase)
        || jsonName.EndsWith("notes", StringComparison.OrdinalIgnoreCase)
        || jsonName.EndsWith("note", StringComparison.OrdinalIgnoreCase)
        // Issue 9: an applicant's motivation and a Q&A answer are paragraphs.
        || jsonName.Equals("motivation", StringComparison.OrdinalIgnoreCase)
        || jsonName.Equals("answer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Gives the multi-line string properties the converter that also takes tab, LF and CR.</summary>
    public static void AllowLineBreaks(JsonTypeInfo type)
    {
        if (type.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }
        foreach (var property in type.Properties)
        {
            if (property.PropertyType == typeof(string) && property.CustomConverter is null && IsMultiLine(property.Name))
            {
                property.CustomConverter = MultiLineText;
            }
        }
    }
}
