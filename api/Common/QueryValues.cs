using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Common;

/// <summary>
/// Dates and months in query strings, parsed with the same ISO patterns as JSON and held to the same ranges as bodies
/// (dates 1900-01-01..2100-12-31, months 2000-01..2100-12); a bad value is a 400 naming the parameter and the format.
/// </summary>
public static class QueryValues
{
    public static readonly YearMonth EarliestMonth = new(2000, 1);
    public static readonly YearMonth LatestMonth = new(2100, 12);

    public static LocalDate? Date(string? text, string field) =>
        InRange(Parse(text, field, LocalDatePattern.Iso, "a date as yyyy-MM-dd"), Checks.Earliest, Checks.Latest, field,
            "a date as yyyy-MM-dd between 1900-01-01 and 2100-12-31");

    public static YearMonth? Month(string? text, string field) =>
        InRange(Parse(text, field, YearMonthPattern.Iso, "a month as yyyy-MM"), EarliestMonth, LatestMonth, field,
            "a month as yyyy-MM between 2000-01 and 2100-12");

    private static T? InRange<T>(T? value, T earliest, T latest, string field, string what) where T : struct, IComparable<T> =>
        value is { } v && (v.CompareTo(earliest) < 0 || v.CompareTo(latest) > 0)
            ? throw ApiProblemException.Validation(field, $"{field} must be {what}.")
            : value;

    private static T? Parse<T>(string? text, string field, IPattern<T> pattern, string what) where T : struct
    {
        if (text is null)
        {
            return null;
        }
        var parsed = pattern.Parse(text);
        if (!parsed.Success)
        {
            throw ApiProblemException.Validation(field, $"{field} must be {what}.");
        }
        return parsed.Value;
    }
}
