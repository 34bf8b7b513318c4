using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// A problem's <c>traceId</c> is the id of the request's trace: the one its spans (the request's, the database unit's and
/// each statement's, nested in that order) and its JSON log lines carry. Statement spans hold the SQL text, never a value.
/// </summary>
public sealed class TraceIdTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    private (HttpClient Client, string TraceId) TracedAdmin()
    {
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        // The server's own client: the factory's clients all send the factory's trace.
        var client = api.Server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BurgerbaanApiFactory.AdminKey);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return (client, trace);
    }

    [Fact]
    public async Task A_refused_read_answers_the_trace_id_its_spans_and_json_logs_carry()
    {
        var (client, trace) = TracedAdmin();

        var problem = await (await client.GetAsync("/v1/volunteers/987654321")).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(trace, (string?)problem["traceId"]);
        var spans = await api.SpansOfRequest(trace);
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        Assert.Equal("/v1/volunteers/{id:long}", request.GetTagItem("http.route"));
        var unit = Assert.Single(spans, s => s.OperationName == "db.read" && s.ParentSpanId == request.SpanId);
        Assert.Equal("sqlite", unit.GetTagItem("db.system.name"));
        var select = Assert.Single(spans, s => s.ParentSpanId == unit.SpanId && ((string?)s.GetTagItem("db.query.text") ?? "").Contains("@id", StringComparison.Ordinal));
        Assert.Equal(("SELECT", ActivityKind.Client), (select.OperationName, select.Kind));
        Assert.DoesNotContain(spans, s => TelemetryPrivacyTests.Describe(s).Contains("987654321", StringComparison.Ordinal) && s != request);
        Assert.Contains(api.Logs.Entries, l => l.Json!.Contains($"\"TraceId\":\"{trace}\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_write_refused_inside_its_unit_is_traced_through_the_writer_queue()
    {
        var (client, trace) = TracedAdmin();

        var problem = await (await client.PostJson("/v1/payouts", new CreatePayoutRequest(987654321, PayoutKind.Travel, 1234, new YearMonth(2025, 3))))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(trace, (string?)problem["traceId"]);
        var spans = await api.SpansOfRequest(trace);
        var request = Assert.Single(spans, s => s.Kind == ActivityKind.Server);
        // The unit ran on the group-commit loop, yet its statements are its children.
        var unit = Assert.Single(spans, s => s.OperationName == "db.write" && s.ParentSpanId == request.SpanId);
        Assert.Equal((ActivityStatusCode.Error, (object?)"validation_failed"), (unit.Status, unit.GetTagItem("error.type")));
        Assert.Contains(spans, s => s.ParentSpanId == unit.SpanId && s.OperationName == "SELECT");
        Assert.DoesNotContain(spans, s => TelemetryPrivacyTests.Describe(s).Contains("987654321", StringComparison.Ordinal) && s != request);
    }

    [Fact]
    public void Logging_json_switches_the_console_to_json_with_scopes()
    {
        var console = api.Services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue;
        var json = api.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue;

        Assert.Equal(ConsoleFormatterNames.Json, console.FormatterName);
        Assert.True(json.IncludeScopes);
        Assert.True(json.UseUtcTimestamp);
    }
}
