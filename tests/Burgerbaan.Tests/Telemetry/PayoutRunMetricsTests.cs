using System.Net;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// The payout run metrics, read from the Prometheus scrape: <c>burgerbaan.payout_runs.duration</c> counts each POST by its
/// outcome (completed, nothing_to_pay, failed, or the problem code of a refusal) and the line counters count each committed
/// chunk's volunteers once. A factory of its own, so the counts are this test's alone.
/// </summary>
public sealed class PayoutRunMetricsTests(TelemetryFactory api) : IClassFixture<TelemetryFactory>
{
    [Fact]
    public async Task Runs_are_counted_by_outcome_and_a_committed_chunk_counts_its_lines_even_when_the_run_then_stops()
    {
        var finance = api.Client(ApiRole.Finance);
        var runner = api.Services.GetRequiredService<PayoutRunner>();
        var skipped = await HoursWorld.Create(api, rate: null);
        await skipped.Approved(HoursWorld.Entry("m-skip", skipped.PlacementA, new LocalDate(2025, 1, 6), 600));
        var paid = await HoursWorld.Create(api);
        await paid.Approved(HoursWorld.Entry("m-paid", paid.PlacementA, new LocalDate(2025, 2, 3), 600));
        Task<HttpResponseMessage> Run(int year, int month) => finance.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(new YearMonth(year, month)));

        var nothing = await (await Run(2025, 1)).Read<PayoutRunResponse>(HttpStatusCode.OK);
        await (await Run(2025, 1)).Read<PayoutRunResponse>(HttpStatusCode.OK);
        runner.AfterChunk = _ => throw new InvalidOperationException("simulated crash after the first chunk");
        try
        {
            await (await Run(2025, 2)).Problem(HttpStatusCode.InternalServerError, "internal_error");
        }
        finally
        {
            runner.AfterChunk = null;
        }
        var run = await (await Run(2025, 2)).Read<PayoutRunResponse>(HttpStatusCode.Created);
        await (await Run(2026, 11)).Problem(HttpStatusCode.UnprocessableEntity, "allowance_limits_missing");
        var scrape = await HoursMetricsTests.Scrape(api);

        Assert.Equal([new PayoutRunLine(skipped.VolunteerId, 600, 0, 0, 0, null, null, "no_agreement_rate")], nothing.Volunteers);
        Assert.Equal((PayoutRunStatus.Completed, 1, 5_000L), (run.Status, run.PayoutCount, run.PaidCents));
        Assert.Equal(2, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_duration_seconds_count", "outcome=\"nothing_to_pay\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_duration_seconds_count", "outcome=\"failed\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_duration_seconds_count", "outcome=\"completed\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_duration_seconds_count", "outcome=\"allowance_limits_missing\""));
        // The skipped volunteer is reported by both runs of January; the paid one by the chunk that committed before the stop.
        Assert.Equal(2, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_skipped_total", "reason=\"no_agreement_rate\""));
        Assert.Equal(1, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_payouts_total", ""));
        Assert.Equal(5_000, MetricsEndpointTests.Value(scrape, "burgerbaan_payout_runs_paid_cents_total", ""));
    }
}
