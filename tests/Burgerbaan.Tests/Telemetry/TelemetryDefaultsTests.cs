using System.Diagnostics;
using System.Net;
using Burgerbaan.Api.Telemetry;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>Out of the box: no tracer or meter provider (nothing is collected, nothing listens on a port), and still a real trace id in problems.</summary>
public sealed class TelemetryDefaultsTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Telemetry_and_the_metrics_endpoint_are_off_by_default()
    {
        Assert.Null(api.Services.GetService<MeterProvider>());
        Assert.Null(api.Services.GetService<TracerProvider>());
        var settings = api.Services.GetRequiredService<IOptions<TelemetrySettings>>().Value;
        Assert.Equal((false, (int?)null), (settings.Enabled, settings.PrometheusPort));

        await (await api.Admin().GetAsync("/metrics")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Problems_carry_the_callers_trace_id_with_telemetry_off()
    {
        var trace = ActivityTraceId.CreateRandom().ToHexString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/volunteers/987654321");
        request.Headers.Add("traceparent", $"00-{trace}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var problem = await (await api.Admin().SendAsync(request)).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal(trace, (string?)problem["traceId"]);
    }

    [Fact]
    public async Task Without_a_traceparent_a_problem_carries_a_new_w3c_trace_id()
    {
        var first = await (await api.Admin().GetAsync("/v1/volunteers/987654321")).Problem(HttpStatusCode.NotFound, "not_found");
        var second = await (await api.Admin().GetAsync("/v1/volunteers/987654321")).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Matches("^[0-9a-f]{32}$", (string?)first["traceId"]);
        Assert.NotEqual("00000000000000000000000000000000", (string?)first["traceId"]);
        Assert.NotEqual((string?)first["traceId"], (string?)second["traceId"]);
    }
}
