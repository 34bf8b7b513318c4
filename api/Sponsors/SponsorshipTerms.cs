using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>
/// The derived amounts of a sponsorship. Per-place amounts are per year; a period pays the share of a year it covers,
/// counted in exact days: for each calendar year the period touches, the days of the period in that year divided by
/// the days of that year (365 or 366); the shares are summed, multiplied by places x the per-place amount, and the
/// result is rounded down to the cent once, at the end. So 2025-01-01..2026-12-31 is exactly 2 years, a leap day
/// counts as a day of a 366-day year, and splitting a period never gains a cent over the whole.
/// </summary>
public static class SponsorshipTerms
{
    /// <summary>365 x 366: a common denominator of both year lengths, so the sum stays exact in integers.</summary>
    private const long Denominator = 365L * 366L;

    /// <summary>places x perPlacePerYearCents x (the share of a year from <paramref name="start"/> to <paramref name="end"/>, both inclusive), rounded down.</summary>
    public static long ProRata(int places, long perPlacePerYearCents, LocalDate start, LocalDate end)
    {
        if (end < start)
        {
            return 0;
        }
        // Int128: places (<= 10,000) x cents (<= 10^8) x day-units (<= ~200 years x 133,590) does not fit a long.
        Int128 units = 0;
        for (var year = start.Year; year <= end.Year; year++)
        {
            var first = year == start.Year ? start : new LocalDate(year, 1, 1);
            var last = year == end.Year ? end : new LocalDate(year, 12, 31);
            var days = Period.DaysBetween(first, last) + 1;
            var yearLength = CalendarSystem.Iso.GetDaysInYear(year);
            units += (Int128)days * (Denominator / yearLength);
        }
        return (long)((Int128)places * perPlacePerYearCents * units / Denominator);
    }

    public static long AmountDue(int places, long allowance, long overhead, LocalDate start, LocalDate end) =>
        ProRata(places, allowance + overhead, start, end);

    public static long AllowanceBudget(int places, long allowance, LocalDate start, LocalDate end) =>
        ProRata(places, allowance, start, end);
}
