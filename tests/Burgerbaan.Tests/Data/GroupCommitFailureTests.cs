using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Platform;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Data;

/// <summary>Group commit when something goes wrong: a refused or violating unit, a cancelled caller, a transient error, a failed COMMIT.</summary>
public sealed class GroupCommitFailureTests : IDisposable
{
    private readonly WriterBench _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_unit_that_throws_is_rolled_back_to_its_savepoint_its_caller_gets_the_error_and_the_others_commit()
    {
        var a = _w.Holder();
        await _w.Entered;
        var b = _w.Write("B");
        var refusal = ApiProblemException.Conflict("refused after writing");
        var refused = _w.Db.WriteAsync<int>(async (c, tx, ct) =>
        {
            await WriterBench.Insert(c, tx, "refused", ct);
            throw refusal;
        }, CancellationToken.None).AsTask();
        var violated = _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            await WriterBench.Insert(c, tx, "violated", ct, id: 40);
            return await WriterBench.Insert(c, tx, "duplicate", ct, id: 40);
        }, CancellationToken.None).AsTask();
        var e = _w.Write("E");
        _w.Release();

        Assert.Same(refusal, await Assert.ThrowsAsync<ApiProblemException>(() => refused));
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => violated)).SqliteErrorCode);
        Assert.Single(new[] { await a, await b, await e }.Distinct());
        Assert.Equal(["A", "B", "E"], _w.Stored());
    }

    // The savepoint journal is kept in memory (temp_store = MEMORY): a unit that changed far more than the 64 KiB after
    // which it used to spill into a file must still come back whole, in the middle of a batch.
    [Fact]
    public async Task A_unit_that_changed_hundreds_of_pages_and_throws_is_rolled_back_whole_and_the_others_commit()
    {
        var padding = new string('x', 400);
        await _w.Db.WriteAsync((c, tx, ct) => c.ExecuteAsync(new CommandDefinition(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) INSERT INTO t (id, unit) SELECT 1000 + i, 'old' || i || @padding FROM n",
            new { padding }, tx, cancellationToken: ct)), CancellationToken.None);
        var before = _w.Stored();

        var a = _w.Holder();
        await _w.Entered;
        var failure = new InvalidOperationException("after changing every row");
        var big = _w.Db.WriteAsync<int>(async (c, tx, ct) =>
        {
            var changed = await c.ExecuteAsync(new CommandDefinition("UPDATE t SET unit = 'new' || id || @padding WHERE id BETWEEN 1001 AND 4000", new { padding }, tx, cancellationToken: ct));
            Assert.Equal(3000, changed);
            await c.ExecuteAsync(new CommandDefinition("DELETE FROM t WHERE id % 2 = 0", transaction: tx, cancellationToken: ct));
            throw failure;
        }, CancellationToken.None).AsTask();
        var e = _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            await WriterBench.Insert(c, tx, "E", ct, id: 10_000);
            return tx;
        }, CancellationToken.None).AsTask();
        _w.Release();

        Assert.Same(failure, await Assert.ThrowsAsync<InvalidOperationException>(() => big));
        Assert.Same(await a, await e);
        Assert.Equal([.. before, "A", "E"], _w.Stored()); // A takes the next id after the 3,000 rows
    }

    [Fact]
    public async Task A_caller_cancelled_while_its_unit_waits_is_dropped_and_the_unit_never_runs()
    {
        var a = _w.Holder();
        await _w.Entered;
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var dropped = _w.Db.WriteAsync((c, tx, ct) =>
        {
            ran = true;
            return WriterBench.Insert(c, tx, "dropped", ct);
        }, cancel.Token).AsTask();
        var c = _w.Write("C");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        Assert.False(a.IsCompleted);
        _w.Release();

        await Task.WhenAll(a, c);
        Assert.False(ran);
        Assert.Equal(["A", "C"], _w.Stored());
    }

    [Fact]
    public async Task A_running_unit_whose_caller_cancels_is_rolled_back_and_the_rest_of_the_batch_commits()
    {
        var a = _w.Holder();
        await _w.Entered;
        using var cancel = new CancellationTokenSource();
        var bEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            await WriterBench.Insert(c, tx, "B", ct);
            bEntered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, cancel.Token).AsTask();
        var c = _w.Write("C");
        _w.Release();
        await bEntered.Task;

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.Same(await a, await c);
        Assert.Equal(["A", "C"], _w.Stored());
    }

    [Fact]
    public async Task A_transient_error_inside_a_batched_unit_reruns_only_that_unit_and_applies_it_once()
    {
        var a = _w.Holder();
        await _w.Entered;
        var runs = 0;
        var b = _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            runs++;
            await WriterBench.Insert(c, tx, $"B{runs}", ct);
            return runs == 1 ? throw new SqliteException("database is locked", 5) : tx;
        }, CancellationToken.None).AsTask();
        var c = _w.Write("C");
        _w.Release();

        Assert.Single(new[] { await a, await b, await c }.Distinct());
        Assert.Equal(2, runs);
        Assert.Equal(["A", "B2", "C"], _w.Stored());
    }

    [Fact]
    public async Task A_failed_commit_fails_every_unit_of_the_batch_and_stores_none_of_them_and_the_next_write_still_works()
    {
        using (var setup = _w.File.Open())
        {
            setup.Execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        var a = _w.Holder();
        await _w.Entered;
        // A deferred foreign key is checked at COMMIT: the unit succeeds, the COMMIT of its batch fails.
        var orphan = _w.Db.WriteAsync((c, tx, ct) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO child (id, parent_id) VALUES (1, 999)", transaction: tx, cancellationToken: ct)), CancellationToken.None).AsTask();
        var c = _w.Write("C");
        _w.Release();

        foreach (var unit in new Task[] { a, orphan, c })
        {
            Assert.Equal(787, (await Assert.ThrowsAsync<SqliteException>(() => unit)).SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
        }
        Assert.Empty(_w.Stored());
        await _w.Write("after");
        Assert.Equal(["after"], _w.Stored());
    }
}
