using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using NodaTime;

namespace Burgerbaan.Tests.Platform;

/// <summary>The service as it starts on 2026-12-01 (Almere), when neither 2026 nor 2027 has limits; its log is captured.</summary>
public sealed class December2026 : BurgerbaanApiFactory
{
    public December2026() => Clock.Reset(Instant.FromUtc(2026, 12, 1, 9, 0));

    public ConcurrentQueue<(LogLevel Level, string Message)> Log { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureLogging(l => l.AddProvider(new CapturingProvider(Log)));
    }

    private sealed class CapturingProvider(ConcurrentQueue<(LogLevel, string)> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capturing(log);

        public void Dispose()
        {
        }
    }

    private sealed class Capturing(ConcurrentQueue<(LogLevel, string)> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            log.Enqueue((logLevel, formatter(state, exception)));
    }
}

/// <summary>A year without limits is loud: a start-up warning, the readiness JSON, and every December the next year too.</summary>
public sealed class MissingLimitsTests(December2026 api) : IClassFixture<December2026>
{
    [Theory]
    [InlineData(2026, 1, 1, new[] { 2026 })]
    [InlineData(2026, 11, 30, new[] { 2026 })]
    [InlineData(2026, 12, 1, new[] { 2026, 2027 })]
    [InlineData(2027, 12, 31, new[] { 2027, 2028 })]
    public void Years_due_are_this_year_and_in_December_the_next(int year, int month, int day, int[] due) =>
        Assert.Equal(due, MissingLimits.YearsDue(new LocalDate(year, month, day)));

    [Fact]
    public void Start_up_warns_for_each_year_due_without_limits()
    {
        _ = api.Anonymous();

        var warnings = api.Log.Where(e => e.Level == LogLevel.Warning && e.Message.StartsWith("No allowance limits", StringComparison.Ordinal))
            .Select(e => e.Message).ToList();

        Assert.Equal(
            [
                "No allowance limits are set for 2026: payouts and payout runs for 2026 are refused (allowance_limits_missing). " +
                "Set the Belastingdienst's published figures ('Vrijwilligersvergoedingen') with PUT /v1/allowance-limits/2026.",
                "No allowance limits are set for 2027: payouts and payout runs for 2027 are refused (allowance_limits_missing). " +
                "Set the Belastingdienst's published figures ('Vrijwilligersvergoedingen') with PUT /v1/allowance-limits/2027.",
            ],
            warnings);
    }

    [Fact]
    public async Task Readiness_stays_healthy_and_names_the_missing_years_until_they_are_set()
    {
        var before = await Missing();
        Assert.Equal(new[] { 2026, 2027 }, before);
        Assert.Equal("No allowance limits for 2026, 2027.", await Description());

        (await api.Admin().PutLimits(2027, new PutAllowanceLimitsRequest(220000, 22000, 580, 340))).EnsureSuccessStatusCode();

        var after = await Missing();
        Assert.Equal(new[] { 2026 }, after);
        Assert.Equal("No allowance limits for 2026.", await Description());

        (await api.Admin().PutLimits(2026, new PutAllowanceLimitsRequest(215000, 21500, 570, 335))).EnsureSuccessStatusCode();

        Assert.Empty(await Missing());
        Assert.Equal("Allowance limits are set for every year due.", await Description());
    }

    private async Task<string?> Description()
    {
        var body = JsonNode.Parse(await (await api.Anonymous().GetAsync("/health/ready")).Content.ReadAsStringAsync())!;
        return (string?)body["checks"]!["allowance_limits"]!["description"];
    }

    private async Task<int[]> Missing()
    {
        var response = await api.Anonymous().GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("Healthy", "Healthy", "Healthy"),
            ((string?)body["status"], (string?)body["checks"]!["database"]!["status"], (string?)body["checks"]!["allowance_limits"]!["status"]));
        return body["missingAllowanceLimits"]!.AsArray().Select(n => (int)n!).ToArray();
    }
}
