using System.Data.Common;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Polly;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Group commit for SQLite's single writer. One loop takes the queued units of work and runs those waiting
/// (at most <see cref="MaxUnits"/>, for at most <see cref="MaxDuration"/>) in one BEGIN IMMEDIATE transaction,
/// each inside a savepoint of its own, and commits once: the commit's fsync (synchronous=FULL) is paid per batch
/// instead of per unit. Every caller of a batch hears back only after its COMMIT returned, refusals included
/// (a refusal may rest on an earlier unit of the same batch).
/// <list type="bullet">
/// <item>A unit that throws is rolled back to its savepoint and its caller gets the exception; the others commit.</item>
/// <item>A transient error inside a unit rolls back to its savepoint and the unit runs again in place on the retry
/// pipeline, so it is never applied twice. A busy BEGIN (another process holds the lock) is retried before any unit ran.</item>
/// <item>A failed COMMIT fails every unit of the batch with its error and retries none: after a failed COMMIT
/// (an I/O error while syncing) the outcome on disk is not certain, and a retry could apply a unit twice.
/// Callers that send an Idempotency-Key may retry safely.</item>
/// <item>A caller cancelled while its unit waits is dropped (the unit never runs); a running unit completes or rolls back.</item>
/// <item>A long unit (<c>alone</c>) runs in a transaction of its own, after the batch in front of it committed.</item>
/// </list>
/// Units run on the loop, not on the caller's execution context: they get what they need through their closure.
/// The loop keeps one connection open and its statements compiled across batches (<see cref="PreparedConnection"/>);
/// after a failed BEGIN or COMMIT, or a lost batch, it opens a fresh one.
/// </summary>
internal sealed partial class GroupCommit : IAsyncDisposable
{
    // Bounds on a batch so one caller's wait stays short: a payout unit takes about 0.3 ms of CPU,
    // so a full batch is a few milliseconds of work plus one fsync.
    internal const int MaxUnits = 64;
    internal static readonly TimeSpan MaxDuration = TimeSpan.FromMilliseconds(10);

    private const string Savepoint = "SAVEPOINT burgerbaan_unit";
    private const string Release = "RELEASE SAVEPOINT burgerbaan_unit";
    private const string RollbackToSavepoint = "ROLLBACK TO SAVEPOINT burgerbaan_unit";

    private readonly Channel<Unit> _queue = Channel.CreateUnbounded<Unit>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Func<SqliteConnection> _connect;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly Task _loop;
    private PreparedConnection? _connection;
    private readonly Copier _copier;

    public GroupCommit(Func<SqliteConnection> connect, ResiliencePipeline pipeline, TimeProvider time, int walRestartFrames = DefaultWalRestartFrames)
    {
        _connect = connect;
        _pipeline = pipeline;
        _time = time;
        _copier = new Copier(connect, walRestartFrames);
        _loop = Task.Run(LoopAsync);
    }

    public Task<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, bool alone, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(ct);
        }
        // Units run on the loop, not in the caller's flow: a traced unit takes its span along as the parent of its statements.
        var unit = new Unit<T>(work, alone, DbTelemetry.Source.HasListeners() ? System.Diagnostics.Activity.Current : null, ct);
        unit.WatchCancellation();
        return _queue.Writer.TryWrite(unit) ? unit.Task : Task.FromException<T>(new ObjectDisposedException(nameof(GroupCommit)));
    }

    private async Task LoopAsync()
    {
        Unit? next = null;
        while (true)
        {
            if (next is null && !_queue.Reader.TryRead(out next))
            {
                if (!await _queue.Reader.WaitToReadAsync())
                {
                    await DropConnectionAsync();
                    return;
                }
                continue;
            }
            var first = next;
            next = null;
            await RestartWalIfDueAsync();
            if (!first.TryStart())
            {
                continue;
            }
            try
            {
                next = first.Alone ? await RunAloneAsync(first) : await RunBatchAsync(first);
            }
            catch (Exception e)
            {
                // Both runners answer their units themselves; this only keeps the one writer alive whatever escapes them.
                first.Fail(e);
            }
        }
    }

    /// <summary>
    /// When the copier found a long WAL: copies what it left (the frames committed since its last pass), so that the next
    /// BEGIN starts the WAL again from its beginning (<see cref="Copier"/>). A failure here loses nothing: the frames stay
    /// in the WAL and the copier asks again.
    /// </summary>
    private async Task RestartWalIfDueAsync()
    {
        if (!_copier.TakeRestartDue() || _connection is not { } connection)
        {
            return;
        }
        try
        {
            _copier.CatchUp(connection.Checkpoint);
            CatchUps++;
        }
        catch (DbException)
        {
            await DropConnectionAsync();
        }
    }

    /// <summary>How often the loop stopped to copy the WAL's rest so that it starts again (written by the loop only).</summary>
    internal long CatchUps { get; private set; }

    private async Task<Unit?> RunAloneAsync(Unit unit)
    {
        try
        {
            await _pipeline.ExecuteAsync(async token =>
            {
                var connection = await ConnectionAsync(token);
                try
                {
                    await using var tx = await connection.BeginTransactionAsync(token);
                    await unit.RunAsync(connection, tx);
                    await tx.CommitAsync(CancellationToken.None);
                    _copier.Committed();
                }
                catch (DbException)
                {
                    await DropConnectionAsync();
                    throw;
                }
            }, unit.Token);
            unit.Succeed();
        }
        catch (Exception e)
        {
            unit.Fail(e);
        }
        return null;
    }

    /// <summary>Runs <paramref name="first"/> and the units queued behind it in one transaction; returns a long unit it took off the queue.</summary>
    private async Task<Unit?> RunBatchAsync(Unit first)
    {
        var batch = new List<(Unit Unit, Exception? Error)>();
        Unit? carried = null;
        Unit? running = first;
        Exception? failure = null;
        PreparedConnection? connection = null;
        DbTransaction? tx = null;
        try
        {
            (connection, tx) = await _pipeline.ExecuteAsync(Begin, first.Token);
            var started = _time.GetTimestamp();
            for (var unit = first; unit is not null; unit = batch.Count < MaxUnits && _time.GetElapsedTime(started) < MaxDuration ? TakeNext(out carried) : null)
            {
                running = unit;
                batch.Add((unit, await RunInSavepointAsync(connection, tx, unit)));
                running = null;
            }
            if (batch.Any(b => b.Error is null))
            {
                await tx.CommitAsync(CancellationToken.None);
                _copier.Committed();
                if (DbTelemetry.BatchUnits.Enabled)
                {
                    DbTelemetry.BatchUnits.Record(batch.Count);
                }
            }
        }
        catch (Exception e)
        {
            // BEGIN or COMMIT failed, or SQLite dropped the transaction under a unit: nothing of the batch holds.
            failure = e is BatchLostException lost ? lost.InnerException! : e;
        }
        finally
        {
            await CloseAsync(tx);
            if (failure is not null)
            {
                await DropConnectionAsync();
            }
        }
        running?.Fail(failure!);
        foreach (var (unit, error) in batch)
        {
            if (failure is not null || error is not null)
            {
                unit.Fail(failure ?? error!);
            }
            else
            {
                unit.Succeed();
            }
        }
        return carried;
    }

    /// <summary>Closes the batch's transaction, rolling back what was not committed.</summary>
    private static async Task CloseAsync(DbTransaction? tx)
    {
        try
        {
            if (tx is not null)
            {
                await tx.DisposeAsync();
            }
        }
        catch (DbException)
        {
            // The rollback of a batch that already failed: the loop drops the connection, which ends the transaction anyway.
        }
    }

    private async ValueTask<(PreparedConnection, DbTransaction)> Begin(CancellationToken token)
    {
        var connection = await ConnectionAsync(token);
        try
        {
            return (connection, await connection.BeginTransactionAsync(token));
        }
        catch
        {
            await DropConnectionAsync();
            throw;
        }
    }

    /// <summary>The next queued unit that was not cancelled, or null; a long unit ends the batch and is handed back in <paramref name="carried"/>.</summary>
    private Unit? TakeNext(out Unit? carried)
    {
        carried = null;
        while (_queue.Reader.TryRead(out var unit))
        {
            if (unit.Alone)
            {
                carried = unit;
                return null;
            }
            if (unit.TryStart())
            {
                return unit;
            }
        }
        return null;
    }

    /// <summary>Runs a unit inside its savepoint; its error (after the rollback to the savepoint) or null.</summary>
    private async Task<Exception?> RunInSavepointAsync(PreparedConnection connection, DbTransaction tx, Unit unit)
    {
        try
        {
            await _pipeline.ExecuteAsync(async _ =>
            {
                // Savepoint bookkeeping ignores the caller's token: a cancelled unit must still be rolled back.
                connection.Execute(tx, Savepoint);
                try
                {
                    await unit.RunAsync(connection, tx);
                }
                catch
                {
                    try
                    {
                        connection.Execute(tx, RollbackToSavepoint);
                    }
                    catch (Exception lost)
                    {
                        throw new BatchLostException(lost);
                    }
                    throw;
                }
                connection.Execute(tx, Release);
            }, unit.Token);
            return null;
        }
        catch (Exception e) when (e is not BatchLostException)
        {
            return e;
        }
    }

    /// <summary>SQLite rolled the whole transaction back under a unit (out of disk, I/O error): the batch is gone.</summary>
    private sealed class BatchLostException(Exception inner) : Exception("The group-commit transaction was lost.", inner);
}
