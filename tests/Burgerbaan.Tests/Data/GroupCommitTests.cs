using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Platform;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// Group commit through the real <see cref="Db"/> on a SQLite file. A first unit that waits on a signal holds the
/// writer loop while the others queue behind it, so they are batched with it: no timing, only signals. The batch's
/// time limit runs on a clock that moves only when a test moves it.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    private readonly TempSqlite _file = new();
    private readonly StepClock _time = new();
    private readonly Db _db;
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public GroupCommitTests()
    {
        using var c = _file.Open();
        c.Execute("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, unit TEXT NOT NULL)");
        _db = new Db(new DatabaseSettings(DatabaseProvider.Sqlite, _file.ConnectionString, MigrateOnStartup: false), Transient.Pipeline(TimeSpan.FromMilliseconds(1)), _time);
    }

    public void Dispose() => _file.Dispose();

    /// <summary>What another connection sees: committed rows only.</summary>
    private string[] Stored()
    {
        using var c = _file.Open();
        return c.Query<string>("SELECT unit FROM t ORDER BY id").ToArray();
    }

    private static Task<int> Insert(DbConnection c, DbTransaction tx, string unit, CancellationToken ct, long? id = null) =>
        c.ExecuteAsync(new CommandDefinition("INSERT INTO t (id, unit) VALUES (@id, @unit)", new { id, unit }, tx, cancellationToken: ct));

    /// <summary>Writes "A", then keeps the writer loop until <see cref="_release"/>; records its transaction.</summary>
    private async Task<DbTransaction> Holder()
    {
        var holder = _db.WriteAsync(async (c, tx, ct) =>
        {
            await Insert(c, tx, "A", ct);
            _entered.SetResult();
            await _release.Task;
            return tx;
        }, CancellationToken.None).AsTask();
        await _entered.Task;
        return await holder;
    }

    private Task<DbTransaction> Write(string unit) =>
        _db.WriteAsync(async (c, tx, token) =>
        {
            await Insert(c, tx, unit, token);
            return tx;
        }, CancellationToken.None).AsTask();

    [Fact]
    public async Task Units_queued_behind_a_running_one_share_its_transaction_and_are_answered_only_after_the_commit()
    {
        var a = Holder();
        await _entered.Task;
        var b = Write("B");
        var cEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cRelease = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var c = _db.WriteAsync(async (conn, tx, ct) =>
        {
            await Insert(conn, tx, "C", ct);
            cEntered.SetResult();
            await cRelease.Task;
            return tx;
        }, CancellationToken.None).AsTask();
        _release.SetResult();
        await cEntered.Task;

        // A and B have run and C is running: nothing is committed, so nobody has an answer yet.
        Assert.False(a.IsCompleted);
        Assert.False(b.IsCompleted);
        Assert.Empty(Stored());
        cRelease.SetResult();

        var transactions = await Task.WhenAll(a, b, c);
        Assert.Single(transactions.Distinct());
        Assert.Equal(["A", "B", "C"], Stored());
    }

    [Fact]
    public async Task A_unit_that_throws_is_rolled_back_to_its_savepoint_its_caller_gets_the_error_and_the_others_commit()
    {
        var a = Holder();
        await _entered.Task;
        var b = Write("B");
        var refusal = ApiProblemException.Conflict("refused after writing");
        var refused = _db.WriteAsync<int>(async (c, tx, ct) =>
        {
            await Insert(c, tx, "refused", ct);
            throw refusal;
        }, CancellationToken.None).AsTask();
        var violated = _db.WriteAsync(async (c, tx, ct) =>
        {
            await Insert(c, tx, "violated", ct, id: 40);
            return await Insert(c, tx, "duplicate", ct, id: 40);
        }, CancellationToken.None).AsTask();
        var e = Write("E");
        _release.SetResult();

        Assert.Same(refusal, await Assert.ThrowsAsync<ApiProblemException>(() => refused));
        Assert.Equal(19, (await Assert.ThrowsAsync<SqliteException>(() => violated)).SqliteErrorCode);
        Assert.Single(new[] { await a, await b, await e }.Distinct());
        Assert.Equal(["A", "B", "E"], Stored());
    }

    [Fact]
    public async Task A_caller_cancelled_while_its_unit_waits_is_dropped_and_the_unit_never_runs()
    {
        var a = Holder();
        await _entered.Task;
        using var cancel = new CancellationTokenSource();
        var ran = false;
        var dropped = _db.WriteAsync((c, tx, ct) =>
        {
            ran = true;
            return Insert(c, tx, "dropped", ct);
        }, cancel.Token).AsTask();
        var c = Write("C");

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dropped);
        Assert.False(a.IsCompleted);
        _release.SetResult();

        await Task.WhenAll(a, c);
        Assert.False(ran);
        Assert.Equal(["A", "C"], Stored());
    }

    [Fact]
    public async Task A_running_unit_whose_caller_cancels_is_rolled_back_and_the_rest_of_the_batch_commits()
    {
        var a = Holder();
        await _entered.Task;
        using var cancel = new CancellationTokenSource();
        var bEntered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var b = _db.WriteAsync(async (c, tx, ct) =>
        {
            await Insert(c, tx, "B", ct);
            bEntered.SetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return 0;
        }, cancel.Token).AsTask();
        var c = Write("C");
        _release.SetResult();
        await bEntered.Task;

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.Same(await a, await c);
        Assert.Equal(["A", "C"], Stored());
    }

    [Fact]
    public async Task A_transient_error_inside_a_batched_unit_reruns_only_that_unit_and_applies_it_once()
    {
        var a = Holder();
        await _entered.Task;
        var runs = 0;
        var b = _db.WriteAsync(async (c, tx, ct) =>
        {
            runs++;
            await Insert(c, tx, $"B{runs}", ct);
            return runs == 1 ? throw new SqliteException("database is locked", 5) : tx;
        }, CancellationToken.None).AsTask();
        var c = Write("C");
        _release.SetResult();

        Assert.Single(new[] { await a, await b, await c }.Distinct());
        Assert.Equal(2, runs);
        Assert.Equal(["A", "B2", "C"], Stored());
    }

    [Fact]
    public async Task A_long_unit_runs_in_a_transaction_of_its_own_after_the_batch_in_front_of_it_committed()
    {
        var a = Holder();
        await _entered.Task;
        var b = Write("B");
        var committedBefore = Array.Empty<string>();
        var longUnit = _db.WriteAsync(async (c, tx, ct) =>
        {
            committedBefore = Stored();
            await Insert(c, tx, "long", ct);
            return tx;
        }, CancellationToken.None, alone: true).AsTask();
        var d = Write("D");
        _release.SetResult();

        var (ta, tb, tl, td) = (await a, await b, await longUnit, await d);
        Assert.Same(ta, tb);
        Assert.NotSame(ta, tl);
        Assert.NotSame(tl, td);
        Assert.Equal(["A", "B"], committedBefore);
        Assert.Equal(["A", "B", "long", "D"], Stored());
    }

    [Fact]
    public async Task A_batch_holds_at_most_MaxUnits_units_and_every_queued_unit_commits()
    {
        var a = Holder();
        await _entered.Task;
        var queued = Enumerable.Range(0, 2 * GroupCommit.MaxUnits).Select(i => Write($"u{i}")).ToList();
        _release.SetResult();

        var transactions = await Task.WhenAll(queued.Prepend(a));
        Assert.Equal([GroupCommit.MaxUnits, GroupCommit.MaxUnits, 1], transactions.GroupBy(t => t).Select(g => g.Count()));
        Assert.Equal(2 * GroupCommit.MaxUnits + 1, Stored().Length);
    }

    [Fact]
    public async Task A_batch_that_has_run_for_MaxDuration_takes_no_more_units_and_commits()
    {
        var a = Holder();
        await _entered.Task;
        var b = Write("B");
        var c = Write("C");
        _time.Advance(GroupCommit.MaxDuration);
        _release.SetResult();

        var (ta, tb, tc) = (await a, await b, await c);
        Assert.NotSame(ta, tb);
        Assert.Same(tb, tc);
        Assert.Equal(["A", "B", "C"], Stored());
    }

    [Fact]
    public async Task A_failed_commit_fails_every_unit_of_the_batch_and_stores_none_of_them_and_the_next_write_still_works()
    {
        using (var setup = _file.Open())
        {
            setup.Execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES t (id) DEFERRABLE INITIALLY DEFERRED)");
        }
        var a = Holder();
        await _entered.Task;
        // A deferred foreign key is checked at COMMIT: the unit succeeds, the COMMIT of its batch fails.
        var orphan = _db.WriteAsync((c, tx, ct) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO child (id, parent_id) VALUES (1, 999)", transaction: tx, cancellationToken: ct)), CancellationToken.None).AsTask();
        var c = Write("C");
        _release.SetResult();

        foreach (var unit in new Task[] { a, orphan, c })
        {
            Assert.Equal(787, (await Assert.ThrowsAsync<SqliteException>(() => unit)).SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_FOREIGNKEY
        }
        Assert.Empty(Stored());
        await Write("after");
        Assert.Equal(["after"], Stored());
    }

    [Fact]
    public async Task Write_connections_sync_every_commit_in_full()
    {
        Assert.Equal(2, await _db.WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition(
            "PRAGMA synchronous", transaction: tx, cancellationToken: ct)), CancellationToken.None)); // 2 = FULL
    }

    /// <summary>A monotonic clock that stands still until a test moves it.</summary>
    private sealed class StepClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Read(ref _ticks);

        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }
}
