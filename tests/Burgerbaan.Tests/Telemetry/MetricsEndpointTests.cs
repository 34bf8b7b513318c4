using System.Globalization;
using System.Net;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// The Prometheus scrape endpoint: on <c>Telemetry:PrometheusPort</c> only, with the business metrics of the scenario at
/// their exact values (a replay is not a second payout), beside the ASP.NET Core, runtime and database metrics.
/// </summary>
public sealed class MetricsEndpointTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task The_metrics_port_serves_the_business_metrics_of_a_scenario()
    {
        var scenario = await api.Scenario;
        using var scraper = new HttpClient();
        var response = await scraper.GetAsync(new Uri($"http://localhost:{api.PrometheusPort}/metrics"));
        var scrape = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, Value(scrape, "burgerbaan_payouts_created_total", "kind=\"allowance\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_payouts_created_total", "kind=\"travel\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_payouts_refused_total", $"code=\"{scenario.RefusedCode}\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_idempotency_replays_total", "operation=\"CreatePayout\""));
        Assert.Equal(2, Value(scrape, "burgerbaan_hours_ingested_total", "outcome=\"inserted\""));
        Assert.Equal(480, Value(scrape, "burgerbaan_hours_ingested_minutes_total", ""));
        Assert.Equal(1, Value(scrape, "burgerbaan_payout_runs_payouts_total", ""));
        Assert.Equal(1500, Value(scrape, "burgerbaan_payout_runs_paid_cents_total", ""));
        Assert.Equal(1, Value(scrape, "burgerbaan_payout_runs_trimmed_total", "by=\"allowance_cap_exceeded\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_payout_runs_duration_seconds_count", "outcome=\"completed\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_volunteers_near_limit", "limit=\"annual\""));
        Assert.Equal(1, Value(scrape, "burgerbaan_volunteers_near_limit", "limit=\"monthly\""));
        Assert.True(Value(scrape, "db_client_operation_duration_seconds_count", "db_operation_name=\"db.write\",db_system_name=\"sqlite\"}") >= 10);
        Assert.True(Value(scrape, "burgerbaan_db_group_commit_units_count", "") >= 10);
        // ASP.NET Core's own metrics count every answer, the replay included.
        Assert.Equal(3, Value(scrape, "http_server_request_duration_seconds_count", "http_response_status_code=\"201\",http_route=\"/v1/payouts/\""));
        Assert.Equal(1, Value(scrape, "http_server_request_duration_seconds_count", "http_response_status_code=\"422\",http_route=\"/v1/payouts/\""));
        Assert.Contains("\ndotnet_gc_", scrape, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_api_port_does_not_answer_for_metrics()
    {
        await (await api.Admin().GetAsync("/metrics")).Problem(HttpStatusCode.NotFound, "not_found");
        // Without a key every unknown path is a 401, as before telemetry.
        await (await api.Anonymous().GetAsync("/metrics")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }

    /// <summary>The value of the one sample of <paramref name="name"/> whose labels hold <paramref name="label"/>.</summary>
    internal static double Value(string scrape, string name, string label)
    {
        var samples = scrape.Split('\n')
            .Where(l => l.StartsWith(name + "{", StringComparison.Ordinal) || l.StartsWith(name + " ", StringComparison.Ordinal))
            .Where(l => l.Contains(label, StringComparison.Ordinal))
            .ToList();
        Assert.True(samples.Count == 1, $"expected one sample of {name} with {label}, found {samples.Count}:\n{string.Join('\n', samples)}");
        var sample = samples[0];
        var value = (sample.Contains('}', StringComparison.Ordinal) ? sample[(sample.LastIndexOf('}') + 1)..] : sample[name.Length..]).Trim().Split(' ')[0];
        return double.Parse(value, CultureInfo.InvariantCulture);
    }
}
