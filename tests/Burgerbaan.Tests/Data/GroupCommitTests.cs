using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Platform;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Data;

/// <summary>Group commit through the real <see cref="Db"/>: who shares a batch, when callers hear back, and the bounds on a batch (see <see cref="WriterBench"/>).</summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly WriterBench _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task Units_queued_behind_a_running_one_share_its_transaction_and_are_answered_only_after_the_commit()
    {
        var a = _w.Holder();
        await _w.Entered;
        var b = _w.Write("B");
        var cEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var c = _w.Db.WriteAsync(async (conn, tx, ct) =>
        {
            await WriterBench.Insert(conn, tx, "C", ct);
            cEntered.SetResult();
            await cRelease.Task;
            return tx;
        }, CancellationToken.None).AsTask();
        _w.Release();
        await cEntered.Task;

        // A and B have run and C is running: nothing is committed, so nobody has an answer yet.
        Assert.False(a.IsCompleted);
        Assert.False(b.IsCompleted);
        Assert.Empty(_w.Stored());
        cRelease.SetResult();

        var transactions = await Task.WhenAll(a, b, c);
        Assert.Single(transactions.Distinct());
        Assert.Equal(["A", "B", "C"], _w.Stored());
    }

    [Fact]
    public async Task A_long_unit_runs_in_a_transaction_of_its_own_after_the_batch_in_front_of_it_committed()
    {
        var a = _w.Holder();
        await _w.Entered;
        var b = _w.Write("B");
        var committedBefore = Array.Empty<string>();
        var longUnit = _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            committedBefore = _w.Stored();
            await WriterBench.Insert(c, tx, "long", ct);
            return tx;
        }, CancellationToken.None, alone: true).AsTask();
        var d = _w.Write("D");
        _w.Release();

        var (ta, tb, tl, td) = (await a, await b, await longUnit, await d);
        Assert.Same(ta, tb);
        Assert.NotSame(ta, tl);
        Assert.NotSame(tl, td);
        Assert.Equal(["A", "B"], committedBefore);
        Assert.Equal(["A", "B", "long", "D"], _w.Stored());
    }

    [Fact]
    public async Task A_batch_holds_at_most_MaxUnits_units_and_every_queued_unit_commits()
    {
        var a = _w.Holder();
        await _w.Entered;
        var queued = Enumerable.Range(0, 2 * GroupCommit.MaxUnits).Select(i => _w.Write($"u{i}")).ToList();
        _w.Release();

        var transactions = await Task.WhenAll(queued.Prepend(a));
        Assert.Equal([GroupCommit.MaxUnits, GroupCommit.MaxUnits, 1], transactions.GroupBy(t => t).Select(g => g.Count()));
        Assert.Equal(2 * GroupCommit.MaxUnits + 1, _w.Stored().Length);
    }

    [Fact]
    public async Task A_batch_that_has_run_for_MaxDuration_takes_no_more_units_and_commits()
    {
        var a = _w.Holder();
        await _w.Entered;
        var b = _w.Write("B");
        var c = _w.Write("C");
        _w.Time.Advance(GroupCommit.MaxDuration);
        _w.Release();

        var (ta, tb, tc) = (await a, await b, await c);
        Assert.NotSame(ta, tb);
        Assert.Same(tb, tc);
        Assert.Equal(["A", "B", "C"], _w.Stored());
    }

    [Fact]
    public async Task Write_connections_sync_every_commit_in_full()
    {
        Assert.Equal(2, await _w.Db.WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition(
            "PRAGMA synchronous", transaction: tx, cancellationToken: ct)), CancellationToken.None)); // 2 = FULL
    }

    // A unit's savepoint journal past 64 KiB used to spill into a temporary file, two pwrite calls a page on the loop.
    [Fact]
    public async Task The_writer_connection_keeps_its_savepoint_journals_in_memory()
    {
        Assert.Equal(2, await _w.Db.WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition(
            "PRAGMA temp_store", transaction: tx, cancellationToken: ct)), CancellationToken.None)); // 2 = MEMORY
    }
}
