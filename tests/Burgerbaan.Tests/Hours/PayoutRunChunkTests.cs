using System.Net;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>Two volunteers per chunk, so a handful of volunteers crosses chunk boundaries.</summary>
public sealed class SmallChunkApiFactory : BurgerbaanApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings) { ["PayoutRuns:ChunkSize"] = "2" };
}

/// <summary>
/// The run in chunks: each chunk commits its payouts, its report lines and the cursor together; a stopped run continues from the
/// cursor on the next POST for its period; a key replays the run as stored. Each test pays its own month of 2024.
/// </summary>
public sealed class PayoutRunChunkTests(SmallChunkApiFactory api) : IClassFixture<SmallChunkApiFactory>, IDisposable
{
    private HttpClient Finance => api.Client(ApiRole.Finance);

    private PayoutRunner Runner => api.Services.GetRequiredService<PayoutRunner>();

    public void Dispose() => Runner.AfterChunk = null;

    private static int _born;

    /// <summary>
    /// Volunteers in id order, each with 10 h at 500 (5,000) in the month, or at no rate (skipped) when <paramref name="rate"/> is null.
    /// Each is born on a day of its own, so the class's volunteers are not possible duplicates of one another (a registration confirms at most 20).
    /// </summary>
    private async Task<List<long>> Volunteers(YearMonth month, int count, long? rate = 500)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var w = await Create(api, born: new LocalDate(1970, 1, 1).PlusDays(Interlocked.Increment(ref _born)), rate: rate);
            await w.Approved(Entry($"{month}-{i}", w.PlacementA, month.OnDayOfMonth(3), 600));
            ids.Add(w.VolunteerId);
        }
        return ids;
    }

    private static HttpRequestMessage Post(YearMonth month, string? key = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/payout-runs")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new CreatePayoutRunRequest(month), options: BurgerbaanApiFactory.Json),
        };
        if (key is not null)
        {
            message.Headers.Add("Idempotency-Key", key);
        }
        return message;
    }

    private async Task<List<PayoutRunResponse>> Runs(YearMonth month) =>
        (await (await Finance.GetAsync($"/v1/payout-runs?period={month:yyyy-MM}")).Read<Page<PayoutRunResponse>>()).Items.ToList();

    /// <summary>Every payout of the volunteers, read back: nothing may be paid twice.</summary>
    private async Task<List<PayoutResponse>> Payouts(IEnumerable<long> volunteers)
    {
        var all = new List<PayoutResponse>();
        foreach (var id in volunteers)
        {
            all.AddRange((await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={id}&limit=200")).Read<Page<PayoutResponse>>()).Items);
        }
        return all;
    }

    private static PayoutRunLine Paid(long volunteerId, long payoutId) => new(volunteerId, 600, 5_000, 5_000, 0, null, payoutId, null);

    private static PayoutRunLine NoRate(long volunteerId) => new(volunteerId, 600, 0, 0, 0, null, null, "no_agreement_rate");

    private static void Same(PayoutRunResponse expected, PayoutRunResponse actual)
    {
        Assert.Equal(expected with { Volunteers = [] }, actual with { Volunteers = [] });
        Assert.Equal(expected.Volunteers, actual.Volunteers);
    }

    [Fact]
    public async Task A_run_across_chunks_reports_every_volunteer_in_id_order_and_pays_each_once()
    {
        var month = new YearMonth(2024, 5);
        var skipped = await Volunteers(month, 2, rate: null);   // the whole first chunk pays nothing: the run row comes with the second
        var paid = await Volunteers(month, 3);

        var response = await Finance.SendAsync(Post(month));

        var run = await response.Read<PayoutRunResponse>(HttpStatusCode.Created);
        var payouts = await Payouts(skipped.Concat(paid));
        Assert.Equal(paid, payouts.Select(p => p.VolunteerId).Order());
        Assert.All(payouts, p => Assert.Equal((run.Id, 5_000L, month, PayoutStatus.Pending), (p.PayoutRunId, p.AmountCents, p.Period, p.Status)));
        var byVolunteer = payouts.ToDictionary(p => p.VolunteerId, p => p.Id);
        Assert.Equal(new PayoutRunResponse(run.Id, month, PayoutRunStatus.Completed, BurgerbaanApiFactory.Start, 3, 15_000, []), run with { Volunteers = [] });
        Assert.Equal([.. skipped.Select(NoRate), .. paid.Select(v => Paid(v, byVolunteer[v]))], run.Volunteers);
        Assert.Equal($"/v1/payout-runs/{run.Id}", response.Headers.Location?.OriginalString);
        Same(run, await (await Finance.GetAsync($"/v1/payout-runs/{run.Id}")).Read<PayoutRunResponse>());
        Same(run, Assert.Single(await Runs(month)));
        Assert.Equal(["payout_run.created", "payout_run.completed"],
            (await api.Admin().Trail($"entity=payout_run&entityId={run.Id}")).Select(e => e.Action).Order().Reverse());
    }

    [Fact]
    public async Task A_run_stopped_after_a_chunk_stays_running_and_the_next_post_continues_it_without_paying_twice()
    {
        var month = new YearMonth(2024, 6);
        var volunteers = await Volunteers(month, 5);
        Runner.AfterChunk = chunk => chunk == 1 ? throw new InvalidOperationException("simulated crash after chunk 1") : Task.CompletedTask;

        await (await Finance.SendAsync(Post(month, "crash-1"))).Problem(HttpStatusCode.InternalServerError, "internal_error");

        var stopped = Assert.Single(await Runs(month));
        var early = await Payouts(volunteers);
        Assert.Equal((PayoutRunStatus.Running, 2, 10_000L), (stopped.Status, stopped.PayoutCount, stopped.PaidCents));
        Assert.Equal(volunteers.Take(2), early.Select(p => p.VolunteerId).Order());
        Assert.Equal(early.OrderBy(p => p.VolunteerId).Select(p => Paid(p.VolunteerId, p.Id)), stopped.Volunteers);

        Runner.AfterChunk = null;
        var resumed = await (await Finance.SendAsync(Post(month, "crash-1"))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        var payouts = await Payouts(volunteers);
        Assert.Equal(volunteers, payouts.Select(p => p.VolunteerId).Order());
        Assert.All(payouts, p => Assert.Equal((stopped.Id, 5_000L), (p.PayoutRunId, p.AmountCents)));
        Assert.Equal(early.Select(p => p.Id), payouts.Where(p => volunteers.Take(2).Contains(p.VolunteerId)).Select(p => p.Id).Order());
        Assert.Equal((stopped.Id, PayoutRunStatus.Completed, 5, 25_000L, payouts.Sum(p => p.AmountCents)),
            (resumed.Id, resumed.Status, resumed.PayoutCount, resumed.PaidCents, resumed.PaidCents));
        Assert.Equal(payouts.OrderBy(p => p.VolunteerId).Select(p => Paid(p.VolunteerId, p.Id)), resumed.Volunteers);
        Same(resumed, Assert.Single(await Runs(month)));
        Assert.All(await List(api.Admin(), $"&from={month.OnDayOfMonth(1):yyyy-MM-dd}&to={month.OnDayOfMonth(28):yyyy-MM-dd}"),
            h => Assert.Contains(h.PayoutId, payouts.Select(p => (long?)p.Id)));
    }

    [Fact]
    public async Task While_a_run_of_the_period_is_processed_another_is_refused_and_pays_nothing()
    {
        var month = new YearMonth(2024, 7);
        var volunteers = await Volunteers(month, 3);
        HttpResponseMessage? second = null;
        Runner.AfterChunk = async chunk => second ??= await api.Client(ApiRole.Admin).SendAsync(Post(month));

        var run = await (await Finance.SendAsync(Post(month))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        Assert.NotNull(second);
        var problem = await second.Problem(HttpStatusCode.Conflict, "payout_run_in_progress");
        Assert.Equal("A payout run for 2024-07 is being processed right now; retry after it completes (a later POST continues a stopped run).",
            (string?)problem["detail"]);
        Assert.Equal("1", second.Headers.RetryAfter?.ToString());
        var payouts = await Payouts(volunteers);
        Assert.Equal(volunteers, payouts.Select(p => p.VolunteerId).Order());
        Assert.All(payouts, p => Assert.Equal(run.Id, p.PayoutRunId));
        Same(run, Assert.Single(await Runs(month)));
    }

    [Fact]
    public async Task A_replay_answers_the_stored_run_and_the_key_records_only_its_id()
    {
        var month = new YearMonth(2024, 8);
        var volunteers = await Volunteers(month, 3);

        var first = await Finance.SendAsync(Post(month, "run-2024-08"));
        var run = await first.Read<PayoutRunResponse>(HttpStatusCode.Created);
        var again = await Finance.SendAsync(Post(month, "run-2024-08"));

        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Same(run, await again.Read<PayoutRunResponse>(HttpStatusCode.Created));
        Assert.Equal(("true", first.Headers.Location), (again.Headers.GetValues("Idempotent-Replayed").Single(), again.Headers.Location));
        Assert.Equal(3, (await Payouts(volunteers)).Count);
        Same(run, Assert.Single(await Runs(month)));
        await using var c = new SqliteConnection(api.ConnectionString);
        Assert.Equal($$"""{"payoutRunId":{{run.Id}}}""",
            await c.QuerySingleAsync<string>("SELECT body FROM idempotency_keys WHERE idempotency_key = 'run-2024-08'"));
    }

    [Fact]
    public async Task A_runs_payouts_are_described_by_its_period_and_its_audit_records_the_period_and_the_status_change()
    {
        var month = new YearMonth(2024, 4);
        var volunteers = await Volunteers(month, 1);

        var run = await (await Finance.SendAsync(Post(month))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        var payout = Assert.Single(await Payouts(volunteers));
        Assert.Equal((run.Id, "Payout run 2024-04"), (payout.PayoutRunId, payout.Description));
        Assert.Equal(
            [
                ("payout_run.completed", """{"before":{"status":"running"},"after":{"status":"completed"}}"""),
                ("payout_run.created", """{"after":{"period":"2024-04","status":"running"}}"""),
            ],
            (await api.Admin().Trail($"entity=payout_run&entityId={run.Id}")).Select(e => (e.Action, e.Summary.GetRawText())).OrderBy(e => e.Action, StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_run_stopped_after_its_second_chunk_and_continued_by_another_key_keeps_its_payouts_created_by_the_starting_key()
    {
        var month = new YearMonth(2024, 9);
        var volunteers = await Volunteers(month, 5);
        Runner.AfterChunk = chunk => chunk == 2 ? throw new InvalidOperationException("simulated crash after chunk 2") : Task.CompletedTask;

        await (await Finance.SendAsync(Post(month))).Problem(HttpStatusCode.InternalServerError, "internal_error");

        var stopped = Assert.Single(await Runs(month));
        Assert.Equal((PayoutRunStatus.Running, 4, 20_000L), (stopped.Status, stopped.PayoutCount, stopped.PaidCents));
        Assert.Equal(volunteers.Take(4), (await Payouts(volunteers)).Select(p => p.VolunteerId).Order());

        Runner.AfterChunk = null;
        var resumed = await (await api.Admin().SendAsync(Post(month))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        Assert.Equal((stopped.Id, PayoutRunStatus.Completed, 5, 25_000L), (resumed.Id, resumed.Status, resumed.PayoutCount, resumed.PaidCents));
        // The last volunteer was paid by the admin key's POST, yet the payout counts as created by the finance key that started the run.
        var last = Assert.Single(await Payouts(volunteers.TakeLast(1)));
        Assert.Equal(stopped.Id, last.PayoutRunId);
        await (await Finance.PostJson($"/v1/payouts/{last.Id}/approve", new PayoutActionRequest())).Problem(HttpStatusCode.Conflict, "four_eyes_required");
        Assert.Equal(PayoutStatus.Pending, (await (await Finance.GetAsync($"/v1/payouts/{last.Id}")).Read<PayoutResponse>()).Status);
        var approved = await (await api.Admin().PostJson($"/v1/payouts/{last.Id}/approve", new PayoutActionRequest())).Read<PayoutResponse>();
        Assert.Equal(PayoutStatus.Approved, approved.Status);
        Assert.Equal(approved, await (await Finance.GetAsync($"/v1/payouts/{last.Id}")).Read<PayoutResponse>());
    }

    [Fact]
    public async Task A_key_replays_a_run_that_paid_nothing_and_is_refused_for_another_period()
    {
        var month = new YearMonth(2024, 10);
        var skipped = await Volunteers(month, 1, rate: null);

        var first = await Finance.SendAsync(Post(month, "nothing-2024-10"));
        var report = await first.Read<PayoutRunResponse>(HttpStatusCode.OK);
        var again = await Finance.SendAsync(Post(month, "nothing-2024-10"));
        var other = await Finance.SendAsync(Post(month.PlusMonths(1), "nothing-2024-10"));

        Same(new PayoutRunResponse(null, month, PayoutRunStatus.Completed, BurgerbaanApiFactory.Start, 0, 0, [.. skipped.Select(NoRate)]), report);
        Assert.False(first.Headers.Contains("Idempotent-Replayed"));
        Same(report, await again.Read<PayoutRunResponse>(HttpStatusCode.OK));
        Assert.Equal("true", again.Headers.GetValues("Idempotent-Replayed").Single());
        await other.Problem(HttpStatusCode.UnprocessableEntity, "idempotency_key_reused");
        Assert.Empty(await Runs(month));
        Assert.Empty(await Runs(month.PlusMonths(1)));
    }

    [Fact]
    public async Task The_same_key_while_its_run_is_processed_is_refused_as_a_conflict_and_later_replays_the_run()
    {
        var month = new YearMonth(2024, 12);
        var volunteers = await Volunteers(month, 3);
        HttpResponseMessage? twin = null;
        Runner.AfterChunk = async chunk => twin ??= await Finance.SendAsync(Post(month, "twin-2024-12"));

        var run = await (await Finance.SendAsync(Post(month, "twin-2024-12"))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        Assert.NotNull(twin);
        await twin.Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("1", twin.Headers.RetryAfter?.ToString());
        Assert.Equal(volunteers, (await Payouts(volunteers)).Select(p => p.VolunteerId).Order());
        Runner.AfterChunk = null;
        var later = await Finance.SendAsync(Post(month, "twin-2024-12"));
        Same(run, await later.Read<PayoutRunResponse>(HttpStatusCode.Created));
        Assert.Equal("true", later.Headers.GetValues("Idempotent-Replayed").Single());
        Same(run, Assert.Single(await Runs(month)));
    }
}
