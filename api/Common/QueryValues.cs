using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Common;

/// <summary>Dates and months in query strings, parsed with the same ISO patterns as JSON; a bad value is a 400 naming the parameter.</summary>
public static class QueryValues
{
    public static LocalDate? Date(string? text, string field) => Parse(text, field, LocalDatePattern.Iso, "a date as yyyy-MM-dd");

    public static YearMonth? Month(string? text, string field) => Parse(text, field, YearMonthPattern.Iso, "a month as yyyy-MM");

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
