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
        var scrape = await Scrape();
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

    private async Task<string> Scrape()
    {
        using var scraper = new HttpClient();
        return await scraper.GetStringAsync(new Uri($"http://localhost:{api.PrometheusPort}/metrics"));
    }
}
