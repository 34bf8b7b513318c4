using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>How many date ranges (both ends inclusive) cover one day at most.</summary>
public static class Overlap
{
    /// <summary>The largest number of <paramref name="ranges"/> that cover one day of <paramref name="from"/>..<paramref name="to"/>.</summary>
    public static int MostOnAnyDay(IEnumerable<(LocalDate Start, LocalDate End)> ranges, LocalDate from, LocalDate to)
    {
        var events = new List<(LocalDate Day, int Delta)>();
        foreach (var (start, end) in ranges)
        {
            var first = start > from ? start : from;
            var last = end < to ? end : to;
            if (first <= last)
            {
                events.Add((first, 1));
                events.Add((last.PlusDays(1), -1));
            }
        }
        // On one day, ranges that ended the day before leave before new ones arrive: back-to-back ranges do not overlap.
        events.Sort((a, b) => a.Day != b.Day ? a.Day.CompareTo(b.Day) : a.Delta.CompareTo(b.Delta));
        int current = 0, most = 0;
        foreach (var (_, delta) in events)
        {
            current += delta;
            most = Math.Max(most, current);
        }
        return most;
    }
}
