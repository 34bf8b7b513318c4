using Burgerbaan.Api.Auth;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// Every option is bound and checked before the service touches its database: a bad value stops the
/// start with a message naming the key and what it takes, and leaves no database file behind.
/// </summary>
public sealed class StartupOptionsTests
{
    /// <summary>The test service with some settings replaced (a null value removes the setting).</summary>
    private sealed class ConfiguredFactory(IReadOnlyDictionary<string, string?> overrides) : BurgerbaanApiFactory
    {
        protected override IDictionary<string, string?> Settings
        {
            get
            {
                var settings = base.Settings;
                foreach (var (key, value) in overrides)
                {
                    settings[key] = value;
                }
                return settings;
            }
        }
    }

    private static (Exception Error, string Messages) FailedStart(params (string Key, string? Value)[] settings)
    {
        using var service = new ConfiguredFactory(settings.ToDictionary(s => s.Key, s => s.Value));
        var error = Assert.ThrowsAny<Exception>(() => service.CreateClient());
        Assert.False(File.Exists(service.DatabasePath), "a refused start must not create the database");
        return (error, DatabaseSettingsTests.Messages(error));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    public void Hours_rate_limit_below_one_stops_the_start_naming_the_key(string value)
    {
        var (error, messages) = FailedStart(("RateLimiting:HoursPerMinute", value));

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Configuration key 'RateLimiting:HoursPerMinute' must be a whole number of requests, at least 1.", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:KeyCacheSeconds", "-1", "Configuration key 'Auth:KeyCacheSeconds' must be a whole number of seconds from 0 (off) to 300.")]
    [InlineData("Auth:KeyCacheSeconds", "301", "Configuration key 'Auth:KeyCacheSeconds' must be a whole number of seconds from 0 (off) to 300.")]
    [InlineData("Allowance:LimitsCacheSeconds", "-1", "Configuration key 'Allowance:LimitsCacheSeconds' must be a whole number of seconds from 0 (off) to 3600.")]
    [InlineData("Allowance:LimitsCacheSeconds", "3601", "Configuration key 'Allowance:LimitsCacheSeconds' must be a whole number of seconds from 0 (off) to 3600.")]
    [InlineData("PayoutRuns:ChunkSize", "0", "Configuration key 'PayoutRuns:ChunkSize' must be a whole number of volunteers from 1 to 10000.")]
    [InlineData("PayoutRuns:ChunkSize", "10001", "Configuration key 'PayoutRuns:ChunkSize' must be a whole number of volunteers from 1 to 10000.")]
    public void Cache_window_or_chunk_size_out_of_range_stops_the_start_naming_the_key(string key, string value, string message)
    {
        var (error, messages) = FailedStart((key, value));

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains(message, messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("many", "RateLimiting:HoursPerMinute")]
    [InlineData("5s", "Auth:KeyCacheSeconds")]
    [InlineData("1.5", "RateLimiting:HoursPerMinute")]
    [InlineData("two days", "Idempotency:RetentionHours")]
    [InlineData("", "Idempotency:RetentionHours")]
    public void Whole_number_setting_that_is_not_a_number_stops_the_start_naming_key_value_and_type(string value, string key)
    {
        var (_, messages) = FailedStart((key, value));

        Assert.Contains($"'{value}' at '{key}'", messages, StringComparison.Ordinal);
        Assert.Contains("System.Int32", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("23")]
    [InlineData("8761")]
    public void Idempotency_retention_outside_24_to_8760_hours_stops_the_start_naming_the_key(string value)
    {
        var (error, messages) = FailedStart(("Idempotency:RetentionHours", value));

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Configuration key 'Idempotency:RetentionHours' must be a whole number of hours from 24 to 8760.", messages, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short-key", "must be 32 to 200 characters without spaces")]
    [InlineData("", "must be 32 to 200 characters without spaces")]
    [InlineData("has a space in it 0123456789abcdefghij", "must hold no spaces")]
    public void Unusable_bootstrap_admin_key_stops_the_start_naming_the_setting_not_the_key(string value, string expected)
    {
        var (error, messages) = FailedStart((BootstrapAdminKey.ConfigurationKey, value));

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains($"Configuration key 'BURGERBAAN_BOOTSTRAP_ADMIN_KEY' {expected}.", messages, StringComparison.Ordinal);
        Assert.DoesNotContain(value.Length > 0 ? value : "\u0000", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Bad_migrate_on_startup_stops_the_start_naming_key_and_type()
    {
        var (_, messages) = FailedStart(("Database:MigrateOnStartup", "maybe"));

        Assert.Contains("'maybe' at 'Database:MigrateOnStartup'", messages, StringComparison.Ordinal);
        Assert.Contains("System.Boolean", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Sql_server_without_encrypt_stops_the_start_naming_the_key_and_not_the_password()
    {
        var (error, messages) = FailedStart(("Database:Provider", "sqlserver"),
            ("ConnectionStrings:Burgerbaan", "Server=db.example.org;Database=burgerbaan;User Id=app;Password=secret"));

        Assert.IsType<OptionsValidationException>(error);
        Assert.Contains("Configuration key 'ConnectionStrings:Burgerbaan' must set Encrypt=True", messages, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", messages, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_at_once()
    {
        var (error, _) = FailedStart(("Database:Provider", "oracle"), ("RateLimiting:HoursPerMinute", "0"), ("Idempotency:RetentionHours", "1"));

        var all = Assert.IsType<AggregateException>(error).InnerExceptions.Select(e => e.Message).ToList();
        Assert.Equal(3, all.Count);
        Assert.Contains(all, m => m.Contains("'Database:Provider' is 'oracle'", StringComparison.Ordinal));
        Assert.Contains(all, m => m.Contains("'RateLimiting:HoursPerMinute'", StringComparison.Ordinal));
        Assert.Contains(all, m => m.Contains("'Idempotency:RetentionHours'", StringComparison.Ordinal));
    }
}
