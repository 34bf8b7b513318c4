using System.Globalization;
using Burgerbaan.Contracts;
using CsvHelper;
using CsvHelper.Configuration.Attributes;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Sponsors;

/// <summary>
/// The SROI report as CSV (README, "Sponsors and SROI", lists the columns): one row per sponsorship, per place of it, per obligation and
/// a total row, told apart by record_type. Money in cents, dates yyyy-MM-dd, decimals with a point; empty where a column does not apply.
/// </summary>
internal static class SroiReportCsv
{
    internal sealed class Row
    {
        [Name("record_type"), Index(0)] public required string RecordType { get; init; }
        [Name("sponsor_id"), Index(1)] public long SponsorId { get; init; }
        [Name("sponsorship_id"), Index(2)] public long? SponsorshipId { get; init; }
        [Name("obligation_id"), Index(3)] public long? ObligationId { get; init; }
        [Name("place"), Index(4)] public string? Place { get; init; }
        [Name("names"), Index(5)] public string? Names { get; init; }
        [Name("start_date"), Index(6)] public string? StartDate { get; init; }
        [Name("end_date"), Index(7)] public string? EndDate { get; init; }
        [Name("places"), Index(8)] public int? Places { get; init; }
        [Name("status"), Index(9)] public string? Status { get; init; }
        [Name("place_months"), Index(10)] public int PlaceMonths { get; init; }
        [Name("place_years"), Index(11)] public string? PlaceYears { get; init; }
        [Name("value_per_place_year_cents"), Index(12)] public long? ValuePerPlaceYearCents { get; init; }
        [Name("sroi_value_cents"), Index(13)] public long? SroiValueCents { get; init; }
        [Name("allowance_paid_cents"), Index(14)] public long? AllowancePaidCents { get; init; }
        [Name("amount_due_cents"), Index(15)] public long? AmountDueCents { get; init; }
        [Name("obligation_cents"), Index(16)] public long? ObligationCents { get; init; }
        [Name("remaining_obligation_cents"), Index(17)] public long? RemainingObligationCents { get; init; }
        [Name("percentage_met"), Index(18)] public string? PercentageMet { get; init; }
    }

    public static string Write(SroiReportResponse report)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = new CsvWriter(text, CultureInfo.InvariantCulture))
        {
            csv.WriteRecords(Rows(report));
        }
        return text.ToString();
    }

    public static IEnumerable<Row> Rows(SroiReportResponse r)
    {
        foreach (var s in r.Sponsorships)
        {
            yield return new Row
            {
                RecordType = "sponsorship", SponsorId = r.SponsorId, SponsorshipId = s.SponsorshipId, ObligationId = s.ObligationId,
                StartDate = Date(s.StartDate), EndDate = Date(s.EndDate), Places = s.Places, Status = Name(s.Status), PlaceMonths = s.PlaceMonths,
                PlaceYears = Number(s.PlaceYears), ValuePerPlaceYearCents = s.ValuePerPlaceYearCents, SroiValueCents = s.SroiValueCents,
                AllowancePaidCents = s.AllowancePaidCents, AmountDueCents = s.AmountDueCents, PercentageMet = Number(s.PercentageMet),
            };
            foreach (var p in s.PlaceList)
            {
                yield return new Row
                {
                    RecordType = "place", SponsorId = r.SponsorId, SponsorshipId = s.SponsorshipId, ObligationId = s.ObligationId, Place = p.Place,
                    Names = p.Names.Count == 0 ? null : string.Join("; ", p.Names), PlaceMonths = p.PlaceMonths, PlaceYears = Number(SroiReport.Years(p.PlaceMonths)),
                };
            }
        }
        foreach (var o in r.Obligations)
        {
            yield return new Row
            {
                RecordType = "obligation", SponsorId = r.SponsorId, ObligationId = o.ObligationId, StartDate = Date(o.StartDate), EndDate = Date(o.EndDate),
                PlaceMonths = o.PlaceMonths, PlaceYears = Number(o.PlaceYears), ValuePerPlaceYearCents = o.ValuePerPlaceYearCents, SroiValueCents = o.SroiValueCents,
                ObligationCents = o.ObligationCents, RemainingObligationCents = o.RemainingObligationCents, PercentageMet = Number(o.PercentageMet),
            };
        }
        var t = r.Totals;
        yield return new Row
        {
            RecordType = "total", SponsorId = r.SponsorId, ObligationId = r.ObligationId, StartDate = Date(r.From.OnDayOfMonth(1)),
            EndDate = Date(r.To.OnDayOfMonth(r.To.Calendar.GetDaysInMonth(r.To.Year, r.To.Month))), PlaceMonths = t.PlaceMonths,
            PlaceYears = Number(t.PlaceYears), SroiValueCents = t.SroiValueCents, AllowancePaidCents = t.AllowancePaidCents, AmountDueCents = t.AmountDueCents,
            ObligationCents = t.ObligationCents, RemainingObligationCents = t.RemainingObligationCents, PercentageMet = Number(t.PercentageMet),
        };
    }

    private static string Date(LocalDate date) => LocalDatePattern.Iso.Format(date);

    private static string Name(SponsorshipStatus status) => status.ToString().ToLowerInvariant();

    private static string? Number(decimal? value) => value?.ToString("0.00", CultureInfo.InvariantCulture);
}
