using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;

namespace Burgerbaan.Api.Common;

/// <summary>
/// The service's JSON rules, in one place; tests and clients use the same. NodaTime values come from
/// NodaTime.Serialization.SystemTextJson: <c>LocalDate</c> as <c>yyyy-MM-dd</c>, <c>YearMonth</c> as <c>yyyy-MM</c>,
/// <c>Instant</c> as ISO-8601 UTC (<c>2025-03-01T09:30:00Z</c>, fractions when present); a refusal names that format.
/// </summary>
public static class NodaTimeJson
{
    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // The web defaults match names case-insensitively; a property is spelled one way, its camelCase name.
        options.PropertyNameCaseInsensitive = false;
        // The web defaults read "12" as 12; a number sent as a string is a wrong type, so a 400.
        options.NumberHandling = JsonNumberHandling.Strict;
        options.Converters.Add(new StrictEnumConverterFactory());
        // Not used for reading or writing (the strict factory before it wins); the document generator looks for it
        // to describe enums as their string names.
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        options.Converters.Add(new FormatNamingConverter<LocalDate>(new IsoText.DateConverter(), "Expected a date as yyyy-MM-dd."));
        options.Converters.Add(new FormatNamingConverter<YearMonth>(new IsoText.MonthConverter(), "Expected a month as yyyy-MM."));
        options.Converters.Add(new FormatNamingConverter<Instant>(NodaConverters.InstantConverter, "Expected an instant in UTC as yyyy-MM-ddTHH:mm:ssZ."));
        options.Converters.Add(new SafeTextConverter(multiLine: false));
        options.Converters.Add(Primitive<bool>("Expected true or false.", JsonTokenType.True, JsonTokenType.False));
        options.Converters.Add(Primitive<int>(WholeNumber, JsonTokenType.Number));
        options.Converters.Add(Primitive<long>(WholeNumber, JsonTokenType.Number));
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(JsonInput.AllowLineBreaks);
        // Unknown fields, duplicate fields, numbers as strings, nulls for non-nullable fields and missing required fields are 400s.
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.AllowDuplicateProperties = false;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 32;
        return options;
    }

    private const string WholeNumber = "Expected a whole number (no quotes, no fraction, within range).";

    private static FormatNamingConverter<T> Primitive<T>(string expected, params JsonTokenType[] tokens) =>
        new((JsonConverter<T>)JsonSerializerOptions.Default.GetConverter(typeof(T)), expected, tokens);
}
