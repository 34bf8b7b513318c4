using Burgerbaan.Api.Sponsors;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>The day-count rule of README's "Sponsors and SROI": per calendar year days / days of that year, summed, floored once.</summary>
public sealed class SponsorshipTermsTests
{
    [Theory]
    // places, per place per year, start, end, expected
    [InlineData(10, 250_000, "2025-01-01", "2026-12-31", 5_000_000)] // ten places for two full years: EUR 50,000
    [InlineData(10, 210_000, "2025-01-01", "2026-12-31", 4_200_000)] // the allowance budget of the same
    [InlineData(1, 250_000, "2024-01-01", "2024-12-31", 250_000)] // a leap year is one year
    [InlineData(1, 250_000, "2024-02-29", "2024-02-29", 683)] // 250000 / 366 = 683.06
    [InlineData(1, 250_000, "2025-01-01", "2025-01-01", 684)] // 250000 / 365 = 684.93
    [InlineData(3, 210_000, "2025-03-01", "2025-08-31", 317_589)] // 184 days: 630000 x 184 / 365 = 317,589.04
    [InlineData(1, 366, "2024-12-31", "2025-01-01", 2)] // 366/366 + 366/365 = 2.003
    [InlineData(1, 365, "2024-12-31", "2025-01-01", 1)] // 365/366 + 365/365 = 1.997, floored once
    [InlineData(1, 500, "2024-12-31", "2025-01-02", 4)] // 500/366 + 1000/365 = 4.11: floored once, not per year (1 + 2 = 3)
    public void Amount_is_places_times_amount_times_the_exact_share_rounded_down_once(int places, long perYear, string start, string end, long expected)
    {
        var from = LocalDate.FromDateTime(DateTime.Parse(start, System.Globalization.CultureInfo.InvariantCulture));
        var to = LocalDate.FromDateTime(DateTime.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(expected, SponsorshipTerms.ProRata(places, perYear, from, to));
    }

    [Fact]
    public void A_period_split_in_two_never_gains_a_cent_over_the_whole()
    {
        var whole = SponsorshipTerms.ProRata(7, 250_000, new LocalDate(2024, 6, 1), new LocalDate(2025, 5, 31));
        var parts = SponsorshipTerms.ProRata(7, 250_000, new LocalDate(2024, 6, 1), new LocalDate(2024, 12, 31))
            + SponsorshipTerms.ProRata(7, 250_000, new LocalDate(2025, 1, 1), new LocalDate(2025, 5, 31));

        Assert.True(parts <= whole, $"{parts} > {whole}");
        Assert.Equal(0, SponsorshipTerms.ProRata(7, 250_000, new LocalDate(2025, 2, 1), new LocalDate(2025, 1, 31)));
    }
}
