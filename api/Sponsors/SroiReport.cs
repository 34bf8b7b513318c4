using Burgerbaan.Contracts;
using NodaTime;
using static Burgerbaan.Api.Sponsors.SroiReportSql;

namespace Burgerbaan.Api.Sponsors;

/// <summary>The month range a report counts, inclusive.</summary>
internal sealed record Months(YearMonth From, YearMonth To)
{
    public bool IsEmpty => From > To;

    public Months Within(LocalDate start, LocalDate end) =>
        new(Max(From, start.ToYearMonth()), Min(To, end.ToYearMonth()));

    public IEnumerable<YearMonth> All()
    {
        for (var m = From; m <= To; m = m.PlusMonths(1))
        {
            yield return m;
        }
    }

    private static YearMonth Max(YearMonth a, YearMonth b) => a > b ? a : b;
    private static YearMonth Min(YearMonth a, YearMonth b) => a < b ? a : b;
}

/// <summary>
/// The SROI arithmetic, pure (README, "Sponsors and SROI"). Allocations are seated on places in start order, each on the lowest place
/// free on its first day, so a place handed from one volunteer to the next stays one place. A month counts for a place when an allocation
/// on it covers at least one day of that month; a cancelled sponsorship credits nothing. Money is rounded down to the cent, percentages
/// down to 0.01, per sponsorship; totals are the sums of the lines.
/// </summary>
internal static class SroiReport
{
    public const long DefaultValuePerPlaceYearCents = 500_000;

    public static SroiReportResponse Build(SponsorRow sponsor, long? obligationId, Months months, IReadOnlyList<SponsorshipRow> sponsorships,
        IReadOnlyList<ObligationRow> obligations, IReadOnlyList<AllocationRow> allocations, IReadOnlyDictionary<long, long> drawn)
    {
        var byId = obligations.ToDictionary(o => o.Id);
        var held = allocations.ToLookup(a => a.SponsorshipId);
        var lines = sponsorships.Select(s =>
        {
            var status = Enum.Parse<SponsorshipStatus>(s.Status, ignoreCase: true);
            var obligation = s.ObligationId is { } oid && byId.TryGetValue(oid, out var o) ? o : null;
            var value = obligation?.ValuePerPlaceYearCents ?? DefaultValuePerPlaceYearCents;
            var places = status == SponsorshipStatus.Cancelled ? [] : Seat(held[s.Id], s.Places, months);
            var placeMonths = places.Sum(p => p.PlaceMonths);
            var credited = Value(placeMonths, value);
            return new SroiSponsorshipLine(s.Id, s.ObligationId, s.StartDate, s.EndDate, s.Places, status, placeMonths, Years(placeMonths), value,
                credited, drawn.GetValueOrDefault(s.Id), s.AmountDueCents, obligation is null ? null : Percentage(credited, obligation.ObligationCents), places);
        }).ToList();
        var obligationLines = obligations.Select(o =>
        {
            var window = months.Within(o.StartDate, o.EndDate);
            var counted = sponsorships.Where(s => s.ObligationId == o.Id && !Cancelled(s))
                .Select(s => Seat(held[s.Id], s.Places, window).Sum(p => p.PlaceMonths)).ToList();
            var credited = counted.Sum(pm => Value(pm, o.ValuePerPlaceYearCents));
            return new SroiObligationLine(o.Id, o.TenderReference, o.ContractingAuthority, o.StartDate, o.EndDate, o.ObligationCents,
                o.ValuePerPlaceYearCents, counted.Sum(), Years(counted.Sum()), credited, Math.Max(0, o.ObligationCents - credited),
                Percentage(credited, o.ObligationCents));
        }).ToList();
        var live = lines.Where(l => l.Status != SponsorshipStatus.Cancelled).ToList();
        long Due(SponsorshipStatus status) => live.Where(l => l.Status == status).Sum(l => l.AmountDueCents);
        var obligationCents = obligationLines.Sum(o => o.ObligationCents);
        var totals = new SroiTotals(lines.Sum(l => l.PlaceMonths), Years(lines.Sum(l => l.PlaceMonths)), lines.Sum(l => l.SroiValueCents),
            lines.Sum(l => l.AllowancePaidCents), live.Sum(l => l.AmountDueCents), Due(SponsorshipStatus.Committed), Due(SponsorshipStatus.Invoiced),
            Due(SponsorshipStatus.Paid),
            obligationLines.Count == 0 ? null : obligationCents,
            obligationLines.Count == 0 ? null : obligationLines.Sum(o => o.RemainingObligationCents),
            obligationLines.Count == 0 ? null : Percentage(obligationLines.Sum(o => o.SroiValueCents), obligationCents));
        return new SroiReportResponse(sponsor.Id, sponsor.Name, obligationId, months.From, months.To, lines, obligationLines, totals);
    }

    private static bool Cancelled(SponsorshipRow s) => string.Equals(s.Status, "cancelled", StringComparison.Ordinal);

    /// <summary>place-months x value per place-year / 12, rounded down to the cent.</summary>
    public static long Value(int placeMonths, long valuePerPlaceYearCents) => placeMonths * valuePerPlaceYearCents / 12;

    public static decimal Years(int placeMonths) => Math.Floor(placeMonths * 100m / 12) / 100;

    public static decimal Percentage(long part, long whole) => whole <= 0 ? 0 : Math.Floor(part * 10_000m / whole) / 100;

    /// <summary>"place 1".."place N": the allocations seated on places, each place with the months it counts inside <paramref name="months"/>.</summary>
    public static List<SroiPlace> Seat(IEnumerable<AllocationRow> allocations, int places, Months months)
    {
        var seats = Enumerable.Range(0, places).Select(_ => new List<AllocationRow>()).ToList();
        // An allocation ended or revoked before it began (end before start) covers no day and takes no place.
        foreach (var a in allocations.Where(a => a.EndDate >= a.StartDate).OrderBy(a => a.StartDate).ThenBy(a => a.Id))
        {
            var seat = seats.FindIndex(s => s.Count == 0 || s[^1].EndDate < a.StartDate);
            if (seat < 0)
            {
                // More overlapping allocations than places cannot be recorded (sponsorship_full); should one exist, it gets a place of its own.
                seats.Add([]);
                seat = seats.Count - 1;
            }
            seats[seat].Add(a);
        }
        return seats.Select((held, i) => new SroiPlace(
            $"place {i + 1}",
            held.SelectMany(a => months.Within(a.StartDate, a.EndDate) is { IsEmpty: false } w ? w.All() : []).Distinct().Count(),
            held.Where(a => a.FirstName is not null && !months.Within(a.StartDate, a.EndDate).IsEmpty).Select(a => $"{a.FirstName} {a.LastName}").Distinct(StringComparer.Ordinal).ToList()))
            .ToList();
    }
}
