using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Common;

/// <summary>
/// JSON for NodaTime values as ISO strings (NodaTime.Serialization.SystemTextJson is not on the
/// package source): <c>LocalDate</c> as <c>yyyy-MM-dd</c>, <c>YearMonth</c> as <c>yyyy-MM</c>,
/// <c>Instant</c> as ISO-8601 UTC (<c>2025-03-01T09:30:00Z</c>, fractions when present).
/// Anything else, including a date that does not exist, is a <see cref="JsonException"/> and so a 400.
/// </summary>
public sealed class NodaPatternConverter<T>(IPattern<T> pattern) : JsonConverter<T>
{
    public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string for {typeof(T).Name}.");
        }
        var result = pattern.Parse(reader.GetString()!);
        return result.Success ? result.Value : throw new JsonException($"Not a valid {typeof(T).Name}.");
    }

    public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
        writer.WriteStringValue(pattern.Format(value));

    // Dictionary keys are not used with these types; refuse rather than guess.
    public override T ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new JsonException($"{typeof(T).Name} is not supported as a property name.");
}

public static class NodaTimeJson
{
    public static readonly NodaPatternConverter<LocalDate> LocalDate = new(LocalDatePattern.Iso);
    public static readonly NodaPatternConverter<YearMonth> YearMonth = new(YearMonthPattern.Iso);
    public static readonly NodaPatternConverter<Instant> Instant = new(InstantPattern.ExtendedIso);

    /// <summary>The one place the service's JSON rules are set; tests and clients use the same.</summary>
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The web defaults read "12" as 12; a number sent as a string is a wrong type, so a 400.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(LocalDate);
        options.Converters.Add(YearMonth);
        options.Converters.Add(Instant);
        // Unknown fields, duplicate fields, numbers as strings, nulls for non-nullable fields and missing required fields are 400s.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 32;
        return options;
    }
}
