using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Platform;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>Bad telemetry settings stop the start with a message naming the key, as every other option does.</summary>
public sealed class TelemetryStartupTests
{
    private sealed class ConfiguredFactory(string key, string value) : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                settings[key] = value;
                return settings;
            }
        }
    }

    [Theory]
    [InlineData("Telemetry:PrometheusPort", "0", "Configuration key 'Telemetry:PrometheusPort' must be a TCP port from 1 to 65535, or unset (no /metrics).")]
    [InlineData("Telemetry:PrometheusPort", "65536", "Configuration key 'Telemetry:PrometheusPort' must be a TCP port from 1 to 65535, or unset (no /metrics).")]
    [InlineData("Telemetry:PrometheusHost", "http://x/", "Configuration key 'Telemetry:PrometheusHost' must be localhost, *, a host name or an IP address.")]
    [InlineData("OTEL_DOTNET_EXPERIMENTAL_SQLCLIENT_ENABLE_TRACE_DB_QUERY_PARAMETERS", "true",
        "OTEL_DOTNET_EXPERIMENTAL_SQLCLIENT_ENABLE_TRACE_DB_QUERY_PARAMETERS must not be true: query parameter values hold personal data (names, IBANs) and never go into telemetry.")]
    public void A_bad_telemetry_setting_stops_the_start_naming_the_key(string key, string value, string message)
    {
        using var service = new ConfiguredFactory(key, value);

        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(message, DatabaseSettingsTests.Messages(error), StringComparison.Ordinal);
        Assert.False(File.Exists(service.DatabasePath), "a refused start must not create the database");
    }
}
