using System.Diagnostics;
using System.Net;
using System.Text;
using Burgerbaan.Tests.Infrastructure;
using OpenTelemetry.Metrics;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// Issue 10's and 11's privacy line: a full scenario with telemetry on at every log level leaves no name, e-mail address,
/// phone number, IBAN or key secret in the logs (plain and JSON), the span attributes and events, the metrics, or the
/// Prometheus scrape. Each search is first shown to have something to search in.
/// </summary>
public sealed class TelemetryPrivacyTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task A_full_scenario_leaves_no_personal_data_or_key_in_logs_spans_metrics_or_scrape()
    {
        var scenario = await api.Scenario;
        var traces = api.OwnSpans();
        var metrics = api.CollectMetrics();
        using var scraper = new HttpClient();
        var scrape = await scraper.GetStringAsync(new Uri($"http://localhost:{api.PrometheusPort}/metrics"));

        var logs = api.Logs.Entries.ToList();
        // Something to search in: request logs at Information and Debug, JSON lines, database and request spans, business metrics.
        Assert.Contains(logs, l => l.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && l.Text.Contains("/v1/volunteers", StringComparison.Ordinal));
        Assert.Contains(logs, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Debug);
        Assert.All(logs, l => Assert.False(string.IsNullOrEmpty(l.Json)));
        Assert.Contains(traces, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("http.route") == "/v1/volunteers/");
        Assert.Contains(traces, s => s.Source.Name == "Burgerbaan.Data" && s.OperationName == "INSERT");
        Assert.Contains(metrics, m => m.Name == "burgerbaan.payouts.created");
        Assert.Contains("burgerbaan_payouts_refused_total", scrape, StringComparison.Ordinal);

        var texts = new Dictionary<string, string>
        {
            ["logs"] = string.Join('\n', logs.Select(l => l.Text)),
            ["json logs"] = string.Join('\n', logs.Select(l => l.Json)),
            ["spans"] = string.Join('\n', api.Spans.Select(Describe)),
            ["metrics"] = string.Join('\n', metrics.Select(Describe)),
            ["scrape"] = scrape,
        };
        foreach (var (where, text) in texts)
        {
            foreach (var secret in scenario.Secrets)
            {
                Assert.False(text.Contains(secret, StringComparison.OrdinalIgnoreCase), $"the {where} hold '{secret}'");
            }
        }
    }

    /// <summary>Everything an exporter sends of a span: names, status, every tag, event and link, baggage.</summary>
    internal static string Describe(Activity span)
    {
        var text = new StringBuilder().Append(span.Source.Name).Append(' ').Append(span.DisplayName).Append(' ').Append(span.OperationName)
            .Append(' ').Append(span.Status).Append(' ').Append(span.StatusDescription);
        foreach (var (key, value) in span.TagObjects)
        {
            text.Append(' ').Append(key).Append('=').Append(value);
        }
        foreach (var e in span.Events)
        {
            text.Append(" event ").Append(e.Name);
            foreach (var (key, value) in e.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        foreach (var (key, value) in span.Baggage)
        {
            text.Append(" baggage ").Append(key).Append('=').Append(value);
        }
        return text.ToString();
    }

    private static string Describe(MetricSnapshot metric)
    {
        var text = new StringBuilder().Append(metric.MeterName).Append(' ').Append(metric.Name).Append(' ').Append(metric.Description).Append(' ').Append(metric.Unit);
        foreach (var point in metric.MetricPoints)
        {
            foreach (var (key, value) in point.Tags)
            {
                text.Append(' ').Append(key).Append('=').Append(value);
            }
        }
        return text.ToString();
    }
}
