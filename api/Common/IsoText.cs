using System.Numerics;
using System.Text.Json;
using System.Text.Json.Serialization;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace Burgerbaan.Api.Common;

/// <summary>
/// ISO text for months (<c>yyyy-MM</c>) and dates (<c>yyyy-MM-dd</c>) without NodaTime's pattern engine, which builds
/// each text in a new StringBuilder: a headroom answer formats twelve months twice (its figures and its JSON), and an
/// hour list a date an entry. The text is the patterns' own (<see cref="YearMonthPattern.Iso"/>,
/// <see cref="LocalDatePattern.Iso"/>; <c>IsoTextTests</c> compares them over every month and day of the years the
/// service takes and beyond): a month of 2000-2100, the range every input is held to (<see cref="QueryValues"/>), is a
/// string made once; a date of years 1-9999 is written digit by digit; anything else (another calendar, a year
/// outside 1-9999) goes to the pattern.
/// </summary>
public static class IsoText
{
    private const int FirstYear = 2000;
    private const int LastYear = 2100;

    private static readonly string[] Months = [.. Enumerable.Range(0, (LastYear - FirstYear + 1) * 12)
        .Select(i => YearMonthPattern.Iso.Format(new YearMonth(FirstYear + i / 12, i % 12 + 1)))];

    private static readonly JsonEncodedText[] EncodedMonths = [.. Months.Select(m => JsonEncodedText.Encode(m))];

    /// <summary>The month as <c>yyyy-MM</c>.</summary>
    public static string Month(YearMonth month) =>
        Index(month) is var i and >= 0 ? Months[i] : YearMonthPattern.Iso.Format(month);

    /// <summary>The date as <c>yyyy-MM-dd</c>.</summary>
    public static string Date(LocalDate date)
    {
        if (!Plain(date))
        {
            return LocalDatePattern.Iso.Format(date);
        }
        Span<char> text = stackalloc char[10];
        Format(date, text);
        return new string(text);
    }

    private static int Index(YearMonth month) =>
        month.Calendar == CalendarSystem.Iso && month.Year is >= FirstYear and <= LastYear ? (month.Year - FirstYear) * 12 + month.Month - 1 : -1;

    private static bool Plain(LocalDate date) => date.Calendar == CalendarSystem.Iso && date.Year is >= 1 and <= 9999;

    private static void Format<T>(LocalDate date, Span<T> text) where T : struct, IBinaryInteger<T>
    {
        Digits(date.Year, text[..4]);
        text[4] = T.CreateTruncating('-');
        Digits(date.Month, text[5..7]);
        text[7] = T.CreateTruncating('-');
        Digits(date.Day, text[8..10]);
    }

    private static void Digits<T>(int value, Span<T> into) where T : struct, IBinaryInteger<T>
    {
        for (var i = into.Length - 1; i >= 0; i--)
        {
            into[i] = T.CreateTruncating('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>NodaTime's month converter for reading (its refusals unchanged); writes <see cref="Month"/>'s text.</summary>
    public sealed class MonthConverter : JsonConverter<YearMonth>
    {
        public override YearMonth Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            NodaConverters.YearMonthConverter.Read(ref reader, typeToConvert, options);

        public override void Write(Utf8JsonWriter writer, YearMonth value, JsonSerializerOptions options)
        {
            if (Index(value) is var i and >= 0)
            {
                writer.WriteStringValue(EncodedMonths[i]);
            }
            else
            {
                NodaConverters.YearMonthConverter.Write(writer, value, options);
            }
        }
    }

    /// <summary>NodaTime's date converter for reading (its refusals unchanged); writes <see cref="Date"/>'s text.</summary>
    public sealed class DateConverter : JsonConverter<LocalDate>
    {
        public override LocalDate Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            NodaConverters.LocalDateConverter.Read(ref reader, typeToConvert, options);

        public override void Write(Utf8JsonWriter writer, LocalDate value, JsonSerializerOptions options)
        {
            if (Plain(value))
            {
                Span<byte> text = stackalloc byte[10];
                Format(value, text);
                writer.WriteStringValue(text);
            }
            else
            {
                NodaConverters.LocalDateConverter.Write(writer, value, options);
            }
        }
    }
}
