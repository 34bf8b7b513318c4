using System.Diagnostics;
using Burgerbaan.Api.Data;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Data;

/// <summary>SQLite has one writer: the service's own writers wait their turn in an async queue, not in a busy loop.</summary>
public sealed class WriteQueueTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_write_waiting_for_another_gives_up_as_soon_as_it_is_cancelled_and_the_queue_moves_on()
    {
        var db = api.Services.GetRequiredService<Db>();
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = db.WriteAsync(async (c, tx, ct) =>
        {
            entered.SetResult();
            await holding.Task;
            return 1;
        }, CancellationToken.None).AsTask();
        await entered.Task;

        var secondRan = false;
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => db.WriteAsync((c, tx, ct) =>
        {
            secondRan = true;
            return Task.FromResult(2);
        }, cancel.Token).AsTask());

        // A busy loop would only notice after the 5 s busy timeout; the queue notices at once.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(4), $"cancellation took {watch.Elapsed}");
        Assert.False(secondRan);
        holding.SetResult();
        Assert.Equal(1, await first);
        Assert.Equal(3, await db.WriteAsync((c, tx, ct) => Task.FromResult(3), CancellationToken.None));
    }
}
