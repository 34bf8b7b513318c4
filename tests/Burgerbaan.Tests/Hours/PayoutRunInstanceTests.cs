using System.Net;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Burgerbaan.Tests.Hours.HoursWorld;

namespace Burgerbaan.Tests.Hours;

/// <summary>A second instance of the service over the database of <paramref name="first"/>, with its chunk size.</summary>
public sealed class SecondInstanceFactory(BurgerbaanApiFactory first) : BurgerbaanApiFactory
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["ConnectionStrings:Burgerbaan"] = first.ConnectionString,
        ["PayoutRuns:ChunkSize"] = "2",
    };
}

/// <summary>
/// Two instances of the service over one database, as a deployment with more than one runs: a run of a period that the
/// other instance started or advanced since this one read it is refused at that chunk (409 payout_run_in_progress), the
/// chunk pays nothing, and a later POST continues the one run from its cursor. The instances take turns through the
/// chunk hooks, so the interleaving is the same every time. Each test pays its own month of 2024.
/// </summary>
public sealed class PayoutRunInstanceTests(SmallChunkApiFactory api) : IClassFixture<SmallChunkApiFactory>, IDisposable
{
    private static int _born;

    private readonly SecondInstanceFactory _other = new(api);

    private PayoutRunner Runner => api.Services.GetRequiredService<PayoutRunner>();

    private PayoutRunner OtherRunner => _other.Services.GetRequiredService<PayoutRunner>();

    public void Dispose()
    {
        Runner.AfterChunk = null;
        _other.Dispose();
    }

    /// <summary>Volunteers in id order, each with 10 h in the month at 500 (5,000), or at no rate (skipped); each born on a day of its own.</summary>
    private async Task<List<long>> Volunteers(YearMonth month, int count, long? rate = 500)
    {
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var w = await Create(api, born: new LocalDate(1971, 1, 1).PlusDays(Interlocked.Increment(ref _born)), rate: rate);
            await w.Approved(Entry($"{month}-{i}", w.PlacementA, month.OnDayOfMonth(3), 600));
            ids.Add(w.VolunteerId);
        }
        return ids;
    }

    private static Task<HttpResponseMessage> Run(HttpClient client, YearMonth month) =>
        client.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(month));

    private async Task<List<PayoutRunResponse>> Runs(YearMonth month) =>
        (await (await api.Admin().GetAsync($"/v1/payout-runs?period={month:yyyy-MM}")).Read<Page<PayoutRunResponse>>()).Items.ToList();

    private async Task<List<PayoutResponse>> Payouts(IEnumerable<long> volunteers)
    {
        var all = new List<PayoutResponse>();
        foreach (var id in volunteers)
        {
            all.AddRange((await (await api.Admin().GetAsync($"/v1/payouts?volunteerId={id}&limit=200")).Read<Page<PayoutResponse>>()).Items);
        }
        return all;
    }

    private static Task Crash(int chunk) => throw new InvalidOperationException($"simulated crash after chunk {chunk}");

    [Fact]
    public async Task A_run_that_finds_the_other_instances_run_when_it_first_pays_is_refused_and_a_later_post_continues_that_run()
    {
        var month = new YearMonth(2024, 5);
        await Volunteers(month, 2, rate: null);   // this instance's first chunk pays nothing, so it has no run yet
        var paying = await Volunteers(month, 4);
        HttpResponseMessage? others = null;
        OtherRunner.AfterChunk = chunk => chunk == 2 ? Crash(chunk) : Task.CompletedTask;
        Runner.AfterChunk = async chunk => others ??= await Run(_other.Admin(), month);

        var refused = await Run(api.Client(ApiRole.Finance), month);

        Assert.NotNull(others);
        await others.Problem(HttpStatusCode.InternalServerError, "internal_error");
        await refused.Problem(HttpStatusCode.Conflict, "payout_run_in_progress");
        Assert.Equal("1", refused.Headers.RetryAfter?.ToString());
        var stopped = Assert.Single(await Runs(month));
        Assert.Equal((PayoutRunStatus.Running, 2, 10_000L), (stopped.Status, stopped.PayoutCount, stopped.PaidCents));
        Assert.Equal(paying.Take(2), (await Payouts(paying)).Select(p => p.VolunteerId).Order());

        Runner.AfterChunk = null;
        var run = await (await Run(api.Client(ApiRole.Finance), month)).Read<PayoutRunResponse>(HttpStatusCode.Created);

        Assert.Equal((stopped.Id, PayoutRunStatus.Completed, 4, 20_000L), (run.Id, run.Status, run.PayoutCount, run.PaidCents));
        var payouts = await Payouts(paying);
        Assert.Equal(paying, payouts.Select(p => p.VolunteerId).Order());
        Assert.All(payouts, p => Assert.Equal(run.Id, p.PayoutRunId));
        Assert.Equal(run with { Volunteers = [] }, Assert.Single(await Runs(month)) with { Volunteers = [] });
    }

    [Fact]
    public async Task A_continued_run_whose_cursor_the_other_instance_moved_is_refused_at_its_next_chunk_and_pays_nothing_twice()
    {
        var month = new YearMonth(2024, 3);
        var volunteers = await Volunteers(month, 8);
        Runner.AfterChunk = Crash;
        await (await Run(api.Client(ApiRole.Finance), month)).Problem(HttpStatusCode.InternalServerError, "internal_error");   // running, cursor at the 2nd
        HttpResponseMessage? others = null;
        OtherRunner.AfterChunk = Crash;
        Runner.AfterChunk = async chunk => others ??= await Run(_other.Admin(), month);

        // This instance pays the 3rd and 4th; meanwhile the other continues from there and pays the 5th and 6th.
        var refused = await Run(api.Client(ApiRole.Finance), month);

        Assert.NotNull(others);
        await others.Problem(HttpStatusCode.InternalServerError, "internal_error");
        await refused.Problem(HttpStatusCode.Conflict, "payout_run_in_progress");
        var stopped = Assert.Single(await Runs(month));
        Assert.Equal((PayoutRunStatus.Running, 6, 30_000L), (stopped.Status, stopped.PayoutCount, stopped.PaidCents));
        Assert.Equal(volunteers.Take(6), (await Payouts(volunteers)).Select(p => p.VolunteerId).Order());

        Runner.AfterChunk = null;
        var run = await (await Run(api.Client(ApiRole.Finance), month)).Read<PayoutRunResponse>(HttpStatusCode.Created);

        Assert.Equal((stopped.Id, PayoutRunStatus.Completed, 8, 40_000L), (run.Id, run.Status, run.PayoutCount, run.PaidCents));
        var payouts = await Payouts(volunteers);
        Assert.Equal(volunteers, payouts.Select(p => p.VolunteerId).Order());
        Assert.All(payouts, p => Assert.Equal(run.Id, p.PayoutRunId));
        Assert.Equal(volunteers, run.Volunteers.Select(l => l.VolunteerId));
    }
}
