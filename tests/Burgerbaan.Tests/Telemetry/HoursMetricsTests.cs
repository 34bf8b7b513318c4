using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// The hours counters of POST /v1/hours, read from the Prometheus scrape: entries and minutes are counted once per
/// accepted request (an Idempotency-Key replay adds nothing), refusals by their problem code. This class's factory runs
/// no other scenario, so the values are exact.
/// </summary>
public sealed class HoursMetricsTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task Accepted_hours_are_counted_once_a_replay_adds_nothing_and_refusals_count_by_code()
    {
        var w = await HoursWorld.Create(api);
        var entries = new SubmitHoursRequest([HoursWorld.Entry("m1", w.PlacementA, new LocalDate(2025, 3, 3), 120),
            HoursWorld.Entry("m2", w.PlacementA, new LocalDate(2025, 3, 4), 45)]);

        var first = await Send(w.PartnerA, entries, "hours-batch-1");
        var replay = await Send(w.PartnerA, entries, "hours-batch-1");
        await (await HoursWorld.Submit(w.PartnerA, HoursWorld.Entry("bad", w.PlacementA, new LocalDate(2025, 3, 5), 0)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Assert.Equal("true", replay.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(2, (await HoursWorld.List(w.PartnerA)).Count);
        var scrape = await Scrape(api);
        Assert.Equal(2, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"inserted\""));
        Assert.Equal(165, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_minutes_total", ""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_idempotency_replays_total", "operation=\"SubmitHours\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_refused_total", "code=\"validation_failed\""));
    }

    private static async Task<HttpResponseMessage> Send(HttpClient client, SubmitHoursRequest body, string key)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/hours") { Content = JsonContent.Create(body, options: BurgerbaanApiFactory.Json) };
        request.Headers.Add("Idempotency-Key", key);
        var response = await client.SendAsync(request);
        await response.Read<HourEntriesResponse>();
        return response;
    }

    internal static async Task<string> Scrape(TelemetryFactory api)
    {
        using var scraper = new HttpClient();
        return await scraper.GetStringAsync(new Uri($"http://localhost:{api.PrometheusPort}/metrics"));
    }
}

/// <summary>
/// <c>burgerbaan.hours.ingested</c> counts each entry of an accepted POST /v1/hours under its outcome, and
/// <c>burgerbaan.hours.ingested_minutes</c> the minutes of the inserted and updated ones. A factory of its own (not the
/// scenario's), so the counts in the scrape are this test's alone.
/// </summary>
public sealed class HoursOutcomeMetricsTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task Ingested_entries_are_counted_as_inserted_updated_or_unchanged_with_the_minutes_written()
    {
        var w = await HoursWorld.Create(api);
        var day = new LocalDate(2025, 3, 3);
        await (await HoursWorld.Submit(w.PartnerA, HoursWorld.Entry("m1", w.PlacementA, day, 60), HoursWorld.Entry("m2", w.PlacementA, day, 30))).Read<HourEntriesResponse>();

        // m1 as stored (unchanged), m2 with other minutes (updated), m3 new (inserted).
        await (await HoursWorld.Submit(w.PartnerA, HoursWorld.Entry("m1", w.PlacementA, day, 60), HoursWorld.Entry("m2", w.PlacementA, day, 45), HoursWorld.Entry("m3", w.PlacementA, day.PlusDays(1), 20)))
            .Read<HourEntriesResponse>();
        var scrape = await HoursMetricsTests.Scrape(api);

        Assert.Equal([("m1", 60), ("m2", 45), ("m3", 20)], (await HoursWorld.List(w.PartnerA)).Select(e => (e.ExternalId, e.Minutes)));
        Assert.Equal(3, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"inserted\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"updated\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"unchanged\""));
        // 60 + 30 inserted, 45 updated, 20 inserted; the unchanged 60 wrote nothing.
        Assert.Equal(155, MetricsEndpointTests.Value(scrape, "burgerbaan_hours_ingested_minutes_total", ""));
    }
}
