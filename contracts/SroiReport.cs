using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>The representation of a report or export: json (default) or csv (also chosen by <c>Accept: text/csv</c>).</summary>
public enum ReportFormat
{
    Json,
    Csv,
}

/// <summary>
/// What a sponsor's places credited toward its SROI obligations (README, "Sponsors and SROI"). A month counts for a place when an
/// allocation with consent covers at least one day of it inside the report's months; place-years = place-months / 12; SROI value =
/// place-months x valuePerPlaceYearCents / 12, rounded down to the cent per sponsorship. Places are pseudonyms; never placements,
/// organisations or hours.
/// </summary>
/// <param name="ObligationId">Set on a report for one obligation.</param>
/// <param name="From">First month counted, yyyy-MM.</param>
/// <param name="To">Last month counted, yyyy-MM (inclusive).</param>
public sealed record SroiReportResponse(
    long SponsorId,
    string SponsorName,
    long? ObligationId,
    YearMonth From,
    YearMonth To,
    IReadOnlyList<SroiSponsorshipLine> Sponsorships,
    IReadOnlyList<SroiObligationLine> Obligations,
    SroiTotals Totals);

/// <param name="ValuePerPlaceYearCents">The obligation's value per place-year; 500000 for a sponsorship that counts toward none.</param>
/// <param name="SroiValueCents">placeMonths x valuePerPlaceYearCents / 12, rounded down to the cent; 0 for a cancelled sponsorship.</param>
/// <param name="AllowancePaidCents">The counted payouts (pending, approved, paid) of the report's months that drew on this sponsorship.</param>
/// <param name="AmountDueCents">The sponsorship's amount due (places x (allowance + overhead), pro rata by exact day count), whole.</param>
/// <param name="PercentageMet">This sponsorship's SROI value as a percentage of its obligation, rounded down to 0.01; null without one.</param>
/// <param name="PlaceList">"place 1".."place N", each with its place-months; names only of volunteers who consented to be named.</param>
public sealed record SroiSponsorshipLine(
    long SponsorshipId,
    long? ObligationId,
    LocalDate StartDate,
    LocalDate EndDate,
    int Places,
    SponsorshipStatus Status,
    int PlaceMonths,
    decimal PlaceYears,
    long ValuePerPlaceYearCents,
    long SroiValueCents,
    long AllowancePaidCents,
    long AmountDueCents,
    decimal? PercentageMet,
    IReadOnlyList<SroiPlace> PlaceList);

/// <param name="Place">A pseudonym: "place 1".."place N" (N = the sponsorship's places).</param>
/// <param name="Names">Volunteers who held this place and consented to be named in reports (nameInReports); empty otherwise.</param>
public sealed record SroiPlace(string Place, int PlaceMonths, IReadOnlyList<string> Names);

/// <param name="SroiValueCents">The SROI value of its sponsorships credited inside both the report's months and the obligation's period.</param>
/// <param name="RemainingObligationCents">obligationCents - sroiValueCents, never below 0.</param>
/// <param name="PercentageMet">sroiValueCents / obligationCents x 100, rounded down to 0.01 (may pass 100).</param>
public sealed record SroiObligationLine(
    long ObligationId,
    string TenderReference,
    string ContractingAuthority,
    LocalDate StartDate,
    LocalDate EndDate,
    long ObligationCents,
    long ValuePerPlaceYearCents,
    int PlaceMonths,
    decimal PlaceYears,
    long SroiValueCents,
    long RemainingObligationCents,
    decimal PercentageMet);

/// <param name="AmountDueCents">Amount due of the sponsorships that are not cancelled; split by status in committed/invoiced/paidCents.</param>
/// <param name="ObligationCents">Sum over the obligations listed; null when none is.</param>
/// <param name="RemainingObligationCents">Sum of the obligations' remaining amounts; null when none is listed.</param>
/// <param name="PercentageMet">Credited value toward the obligations over their sum, rounded down to 0.01; null when none is listed.</param>
public sealed record SroiTotals(
    int PlaceMonths,
    decimal PlaceYears,
    long SroiValueCents,
    long AllowancePaidCents,
    long AmountDueCents,
    long CommittedCents,
    long InvoicedCents,
    long PaidCents,
    long? ObligationCents,
    long? RemainingObligationCents,
    decimal? PercentageMet);
