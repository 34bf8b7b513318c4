using System.ComponentModel.DataAnnotations;
using System.Diagnostics.Metrics;
using Burgerbaan.Api.Data;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Burgerbaan.Api.Telemetry;

/// <summary><c>Telemetry:*</c>: what the service exports for the people who run it (README, Telemetry).</summary>
public sealed class TelemetrySettings
{
    public const string Section = "Telemetry";

    /// <summary>Traces and metrics on without an exporter of the service's own (one added in code, as the tests do). On anyway
    /// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> or <see cref="PrometheusPort"/> is set; off otherwise, and then they cost nothing.</summary>
    public bool Enabled { get; set; }

    /// <summary>Serves <c>/metrics</c> for Prometheus on this port, a listener of its own that the API's port never answers for. Off when unset.</summary>
    [Range(1, 65535, ErrorMessage = "Configuration key 'Telemetry:PrometheusPort' must be a TCP port from {1} to {2}, or unset (no /metrics).")]
    public int? PrometheusPort { get; set; }

    /// <summary>The host part of the scrape listener's prefix: <c>localhost</c> (the default, this machine only) or <c>*</c> (every interface).</summary>
    [Required(ErrorMessage = "Configuration key 'Telemetry:PrometheusHost' must name the host to listen on (localhost or *).")]
    [RegularExpression(@"^(\*|\+|[A-Za-z0-9.\-]{1,253}|\[[0-9A-Fa-f:.]+\])$",
        ErrorMessage = "Configuration key 'Telemetry:PrometheusHost' must be localhost, *, a host name or an IP address.")]
    public string PrometheusHost { get; set; } = "localhost";
}

public static class TelemetrySetup
{
    /// <summary>The service name in every span and metric unless <c>OTEL_SERVICE_NAME</c> says otherwise.</summary>
    public const string ServiceName = "burgerbaan-api";

    /// <summary>Switches on structured JSON console logs (one object per line, with the trace id in its scopes).</summary>
    public const string JsonLogsKey = "Logging:Json";

    private const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    // The SqlClient instrumentation would put every parameter's value (names, IBANs) into the spans.
    private const string SqlParametersKey = "OTEL_DOTNET_EXPERIMENTAL_SQLCLIENT_ENABLE_TRACE_DB_QUERY_PARAMETERS";

    public static WebApplicationBuilder AddBurgerbaanTelemetry(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<TelemetrySettings>().BindConfiguration(TelemetrySettings.Section).ValidateDataAnnotations()
            .Validate(_ => !configuration.GetValue<bool>(SqlParametersKey),
                $"{SqlParametersKey} must not be true: query parameter values hold personal data (names, IBANs) and never go into telemetry.")
            .ValidateOnStart();
        services.AddSingleton<BusinessMetrics>();
        if (configuration.GetValue<bool>(JsonLogsKey))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            });
        }
        // Every log written inside a request carries its trace and span id (as scopes; the JSON logs print them).
        services.Configure<LoggerFactoryOptions>(o => o.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
        var settings = configuration.GetSection(TelemetrySettings.Section).Get<TelemetrySettings>() ?? new TelemetrySettings();
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        // Invalid settings are left to the start-up validation, which names the key; a listener on a bad port would fail first, less clearly.
        var valid = Validator.TryValidateObject(settings, new ValidationContext(settings), null, validateAllProperties: true);
        if (valid && (settings.Enabled || otlp || settings.PrometheusPort is not null))
        {
            AddOpenTelemetry(services, configuration, settings, otlp);
        }
        return builder;
    }

    // Apart, so the OpenTelemetry assemblies are not even loaded while telemetry is off.
    private static void AddOpenTelemetry(IServiceCollection services, ConfigurationManager configuration, TelemetrySettings settings, bool otlp)
    {
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? ServiceName))
            .WithTracing(t => t
                // Probes every few seconds would drown the requests people look for.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase))
                .AddSqlClientInstrumentation()
                .AddSource(DbTelemetry.Name))
            .WithMetrics(m =>
            {
                m.AddAspNetCoreInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddSqlClientInstrumentation()
                    .AddMeter(DbTelemetry.Name, BusinessMetrics.MeterName);
                if (settings.PrometheusPort is { } port)
                {
                    m.AddPrometheusHttpListener(o =>
                    {
                        o.Host = settings.PrometheusHost;
                        o.Port = port;
                        o.ScrapeEndpointPath = "/metrics";
                    });
                }
            });
        // Only this host's meters: another host in the same process (the tests run many) has meters of the same names.
        services.ConfigureOpenTelemetryMeterProvider((sp, m) => m.AddView(instrument =>
            instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, sp.GetService<IMeterFactory>()) ? null : MetricStreamConfiguration.Drop));
        if (otlp)
        {
            // Endpoint, protocol and headers come from the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }
    }
}
