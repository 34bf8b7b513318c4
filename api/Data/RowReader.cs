using System.Data.Common;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Typed column reads by ordinal for the hot list pages, where Dapper's mapping cost most of a page's CPU: it reads each
/// column as a boxed object and hands dates and enums to the type handlers. These read the stored form straight from
/// the reader (SQLite keeps ISO text, SQL Server <c>date</c>) and convert it the same way the handlers do
/// (<see cref="NodaTypeHandlers"/>, <see cref="EnumTypeHandlers"/>), so a value reads the same by either path; a test
/// compares the two on every column of the rows they serve.
/// </summary>
internal static class RowReader
{
    /// <summary>The rows of <paramref name="command"/>, each read by <paramref name="read"/> (Dapper still binds the parameters).</summary>
    public static async Task<List<T>> ListAsync<T>(DbConnection c, CommandDefinition command, Func<DbDataReader, T> read)
    {
        var rows = new List<T>();
        await using var reader = await c.ExecuteReaderAsync(command);
        while (await reader.ReadAsync(command.CancellationToken))
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    public static long? NullableInt64(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static string? NullableString(DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static LocalDate Date(DbDataReader r, int i)
    {
        if (r.GetFieldType(i) != typeof(string))
        {
            return LocalDate.FromDateTime(r.GetDateTime(i));
        }
        var s = r.GetString(i);
        return TryFastDate(s, out var date) ? date : DateHandler.Parse(s);
    }

    public static Instant Instant(DbDataReader r, int i)
    {
        if (r.GetFieldType(i) != typeof(string))
        {
            return NodaTime.Instant.FromDateTimeUtc(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));
        }
        var s = r.GetString(i);
        return TryFastInstant(s, out var instant) ? instant : InstantHandler.Parse(s);
    }

    public static YearMonth Month(DbDataReader r, int i)
    {
        var s = r.GetString(i);
        return TryFastMonth(s, out var month) ? month : MonthHandler.Parse(s);
    }

    /// <summary><c>yyyy-MM-dd</c>, as every date is written; false for anything else, which the handler's pattern then
    /// reads (or refuses). Only a fast path: either way the value is the same (<c>RowReaderTests</c>).</summary>
    internal static bool TryFastDate(string s, out LocalDate date)
    {
        if (s.Length == 10 && DateAt(s, out var year, out var month, out var day))
        {
            date = new LocalDate(year, month, day);
            return true;
        }
        date = default;
        return false;
    }

    /// <summary><c>yyyy-MM-dd HH:mm:ss[.fffffff]</c>, as Microsoft.Data.Sqlite writes a UTC DateTime (trailing zeros of
    /// the fraction left out); false for anything else, which the handler then reads.</summary>
    internal static bool TryFastInstant(string s, out Instant instant)
    {
        if (s.Length is 19 or (>= 21 and <= 27) && s[10] == ' ' && s[13] == ':' && s[16] == ':' && (s.Length == 19 || s[19] == '.')
            && DateAt(s, out var year, out var month, out var day)
            && Digits(s, 11, 2) is var hour and >= 0 and < 24 && Digits(s, 14, 2) is var minute and >= 0 and < 60
            && Digits(s, 17, 2) is var second and >= 0 and < 60
            && (s.Length == 19 ? 0 : Digits(s, 20, s.Length - 20)) is var fraction and >= 0)
        {
            instant = NodaTime.Instant.FromUtc(year, month, day, hour, minute, second).PlusTicks(fraction * TickScale[s.Length == 19 ? 7 : s.Length - 20]);
            return true;
        }
        instant = default;
        return false;
    }

    /// <summary><c>yyyy-MM</c>; false for anything else (a padded <c>char(7)</c> included), which the handler then reads.</summary>
    internal static bool TryFastMonth(string s, out YearMonth month)
    {
        if (s.Length == 7 && YearMonthAt(s, out var year, out var m))
        {
            month = new YearMonth(year, m);
            return true;
        }
        month = default;
        return false;
    }

    public static T Enum<T>(DbDataReader r, int i) where T : struct, System.Enum => EnumTypeHandlers.LowerCaseNameHandler<T>.FromName(r.GetString(i));

    private static readonly NodaTypeHandlers.LocalDateHandler DateHandler = new();
    private static readonly NodaTypeHandlers.InstantHandler InstantHandler = new();
    private static readonly NodaTypeHandlers.YearMonthHandler MonthHandler = new();

    // Ticks per unit of a fraction of n digits (seven digits are ticks).
    private static readonly long[] TickScale = [10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

    // yyyy-MM at the start of s (at least 7 characters): a year from 1 and a month from 1 to 12.
    private static bool YearMonthAt(string s, out int year, out int month)
    {
        year = Digits(s, 0, 4);
        month = Digits(s, 5, 2);
        return s[4] == '-' && year >= 1 && month is >= 1 and <= 12;
    }

    // yyyy-MM-dd at the start of s (at least 10 characters): a day that month has.
    private static bool DateAt(string s, out int year, out int month, out int day)
    {
        day = Digits(s, 8, 2);
        return YearMonthAt(s, out year, out month) && s[7] == '-' && day >= 1 && day <= CalendarSystem.Iso.GetDaysInMonth(year, month);
    }

    // A non-negative number of n ASCII digits at start, or -1.
    private static int Digits(string s, int start, int n)
    {
        var value = 0;
        for (var k = start; k < start + n; k++)
        {
            var d = s[k] - '0';
            if ((uint)d > 9)
            {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }
}
