using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;
using static Burgerbaan.Tests.Telemetry.MetricsEndpointTests;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// <c>burgerbaan.hours.ingested</c> counts each entry of an accepted POST /v1/hours under its outcome, and
/// <c>burgerbaan.hours.ingested_minutes</c> the minutes of the inserted and updated ones. A factory of its own (not the
/// scenario's), so the counts in the scrape are this test's alone.
/// </summary>
public sealed class HoursMetricTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task Ingested_entries_are_counted_as_inserted_updated_or_unchanged_with_the_minutes_written()
    {
        var w = await Create(api);
        var day = new LocalDate(2025, 3, 3);
        await (await Submit(w.PartnerA, Entry("m1", w.PlacementA, day, 60), Entry("m2", w.PlacementA, day, 30))).Read<HourEntriesResponse>();

        // m1 as stored (unchanged), m2 with other minutes (updated), m3 new (inserted).
        await (await Submit(w.PartnerA, Entry("m1", w.PlacementA, day, 60), Entry("m2", w.PlacementA, day, 45), Entry("m3", w.PlacementA, day.PlusDays(1), 20)))
            .Read<HourEntriesResponse>();
        using var scraper = new HttpClient();
        var scrape = await scraper.GetStringAsync(new Uri($"http://localhost:{api.PrometheusPort}/metrics"));

        Assert.Equal([("m1", 60), ("m2", 45), ("m3", 20)], (await List(w.PartnerA)).Select(e => (e.ExternalId, e.Minutes)));
        Assert.Equal(3, Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"inserted\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"updated\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"unchanged\""));
        // 60 + 30 inserted, 45 updated, 20 inserted; the unchanged 60 wrote nothing.
        Assert.Equal(155, Value(scrape, "burgerbaan_hours_ingested_minutes_total", ""));
    }
}
