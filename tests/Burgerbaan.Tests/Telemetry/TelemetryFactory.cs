using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// The service with telemetry on as an operator would run it (JSON logs, every log level, traces, metrics, the Prometheus
/// listener on a port of its own), and with everything it emits kept: logs by a <see cref="LogCapture"/> in place of the
/// console, spans and metrics by in-memory exporters. Spans are process-wide (ActivitySource), so <see cref="Spans"/> also
/// holds spans of other test classes running meanwhile; a test picks its own by trace id.
/// </summary>
public sealed class TelemetryFactory : BurgerbaanApiFactory
{
    public TelemetryFactory()
    {
        // A free port now; a listener of another process could take it before the service starts, which the test would show.
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        PrometheusPort = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _scenario = new(async () =>
        {
            var scenario = new TelemetryScenario();
            await scenario.RunAsync(this);
            return scenario;
        });
    }

    public int PrometheusPort { get; }

    /// <summary>Every client of this factory sends a traceparent of this trace, so its spans can be told from other test classes'.</summary>
    public ActivityTraceId TraceId { get; } = ActivityTraceId.CreateRandom();

    /// <summary>The spans of this factory's requests (and the database work under them).</summary>
    public List<Activity> OwnSpans() => Spans.Where(s => s.TraceId == TraceId).ToList();

    /// <summary>
    /// The spans of one request's trace, once its server span has ended: the test server hands the answer to the client
    /// before the request's activity stops, so a test that looked at once sometimes found the database spans without it.
    /// </summary>
    public async Task<List<Activity>> SpansOfRequest(string trace)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var spans = Spans.Where(s => s.TraceId.ToHexString() == trace).ToList();
            if (spans.Any(s => s.Kind == ActivityKind.Server) || waited.Elapsed > TimeSpan.FromSeconds(10))
            {
                return spans;
            }
            await Task.Delay(10);
        }
    }

    public LogCapture Logs { get; private set; } = null!;

    private readonly Lazy<Task<TelemetryScenario>> _scenario;

    /// <summary>The scenario, run once per factory by the first test that asks.</summary>
    public Task<TelemetryScenario> Scenario => _scenario.Value;

    public ConcurrentQueue<Activity> Spans { get; } = new();

    public List<MetricSnapshot> Metrics { get; } = [];

    protected override IDictionary<string, string?> Settings
    {
        get
        {
            var settings = base.Settings;
            settings["Telemetry:Enabled"] = "true";
            settings["Telemetry:PrometheusPort"] = PrometheusPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Logging:Json"] = "true";
            settings["Logging:LogLevel:Default"] = "Trace";
            settings["Logging:LogLevel:Microsoft"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace";
            settings["Logging:LogLevel:Microsoft.AspNetCore.DataProtection"] = "Trace";
            settings["Logging:LogLevel:System"] = "Trace";
            return settings;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services =>
        {
            // The console is replaced by the capture, which renders every log with the service's JSON console formatter.
            services.RemoveAll<ILoggerProvider>();
            services.AddSingleton<ILoggerProvider>(sp =>
                Logs = new LogCapture(() => sp.GetServices<ConsoleFormatter>().FirstOrDefault(f => f.Name == ConsoleFormatterNames.Json)));
            services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(new QueueCollection(Spans)));
            services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(Metrics));
        });
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{TraceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
    }

    /// <summary>Exports what the metric readers hold into <see cref="Metrics"/> (a fresh snapshot each time).</summary>
    public IReadOnlyList<MetricSnapshot> CollectMetrics()
    {
        lock (Metrics)
        {
            Metrics.Clear();
            // False while the Prometheus reader (pull only) has nothing to push; the in-memory reader has exported all the same.
            Services.GetRequiredService<MeterProvider>().ForceFlush(10_000);
            return [.. Metrics];
        }
    }

    /// <summary>The exporter wants a collection; spans end on many threads at once.</summary>
    private sealed class QueueCollection(ConcurrentQueue<Activity> queue) : ICollection<Activity>
    {
        public int Count => queue.Count;

        public bool IsReadOnly => false;

        public void Add(Activity item) => queue.Enqueue(item);

        public void Clear() => queue.Clear();

        public bool Contains(Activity item) => queue.Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => queue.CopyTo(array, arrayIndex);

        public bool Remove(Activity item) => throw new NotSupportedException();

        public IEnumerator<Activity> GetEnumerator() => queue.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
