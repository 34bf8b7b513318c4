using System.Text.Json;
using Burgerbaan.Api.Common;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using NodaTime.Serialization.SystemTextJson;
using NodaTime.Text;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// <see cref="IsoText"/> writes months and dates without NodaTime's patterns: its text must be theirs, as a string and
/// in JSON, for every month and day of the years the service takes, the years around them, the edges of four-digit
/// years and the values it hands back to the patterns (other calendars, years outside 1-9999).
/// </summary>
public sealed class IsoTextTests
{
    private static readonly JsonSerializerOptions Service = BurgerbaanApiFactory.Json;

    // NodaTime's own converters, as the service used them before IsoText.
    private static readonly JsonSerializerOptions Noda = new()
    {
        Converters = { NodaConverters.LocalDateConverter, NodaConverters.YearMonthConverter },
    };

    private static IEnumerable<YearMonth> Months() =>
        Enumerable.Range(1998, 2102 - 1998 + 1).Concat([1, 9, 10, 99, 100, 999, 1000, 1999, 9998, 9999])
            .SelectMany(y => Enumerable.Range(1, 12).Select(m => new YearMonth(y, m)))
            .Concat([new YearMonth(0, 1), new YearMonth(-1, 12), new YearMonth(-9998, 6), new YearMonth(2025, 3, CalendarSystem.Julian)]);

    private static IEnumerable<LocalDate> Dates()
    {
        foreach (var year in Enumerable.Range(1998, 2102 - 1998 + 1).Concat([1, 9, 10, 99, 100, 999, 1000, 9999]))
        {
            for (var day = 1; day <= CalendarSystem.Iso.GetDaysInYear(year); day++)
            {
                yield return new LocalDate(year, 1, 1).PlusDays(day - 1);
            }
        }
        yield return new LocalDate(0, 2, 29);
        yield return new LocalDate(-1, 12, 31);
        yield return new LocalDate(-9998, 1, 1);
        yield return new LocalDate(2025, 3, 14, CalendarSystem.Julian);
        yield return new LocalDate(2025, 3, 14, CalendarSystem.Gregorian);
    }

    // NodaTime's converters refuse a value of another calendar; the service's must refuse it alike.
    private static string Outcome(Func<string> write)
    {
        try
        {
            return write();
        }
        catch (ArgumentException e)
        {
            return "refused: " + e.GetType().Name;
        }
    }

    [Fact]
    public void Every_month_is_written_as_the_iso_pattern_writes_it()
    {
        var months = Months().ToList();
        Assert.True(months.Count > 1300);
        foreach (var month in months)
        {
            var expected = YearMonthPattern.Iso.Format(month);
            Assert.Equal(expected, IsoText.Month(month));
            Assert.Equal(expected, CsvExport.Month(month));
            Assert.Equal(Outcome(() => JsonSerializer.Serialize(month, Noda)), Outcome(() => JsonSerializer.Serialize(month, Service)));
        }
    }

    [Fact]
    public void Every_date_is_written_as_the_iso_pattern_writes_it()
    {
        var dates = Dates().ToList();
        Assert.True(dates.Count > 40_000);
        foreach (var date in dates)
        {
            var expected = LocalDatePattern.Iso.Format(date);
            Assert.Equal(expected, IsoText.Date(date));
            Assert.Equal(expected, CsvExport.Date(date));
            Assert.Equal(Outcome(() => JsonSerializer.Serialize(date, Noda)), Outcome(() => JsonSerializer.Serialize(date, Service)));
        }
    }

    [Theory]
    [InlineData("\"2025-03\"", 2025, 3)]
    [InlineData("\"1999-12\"", 1999, 12)]
    [InlineData("\"2101-01\"", 2101, 1)]
    public void Months_are_read_as_before(string json, int year, int month)
    {
        Assert.Equal(new YearMonth(year, month), JsonSerializer.Deserialize<YearMonth>(json, Service));
        Assert.Equal(JsonSerializer.Deserialize<YearMonth>(json, Noda), JsonSerializer.Deserialize<YearMonth>(json, Service));
    }

    [Theory]
    [InlineData("\"2025-03-14\"", 2025, 3, 14)]
    [InlineData("\"0001-01-01\"", 1, 1, 1)]
    [InlineData("\"9999-12-31\"", 9999, 12, 31)]
    public void Dates_are_read_as_before(string json, int year, int month, int day)
    {
        Assert.Equal(new LocalDate(year, month, day), JsonSerializer.Deserialize<LocalDate>(json, Service));
        Assert.Equal(JsonSerializer.Deserialize<LocalDate>(json, Noda), JsonSerializer.Deserialize<LocalDate>(json, Service));
    }
}
