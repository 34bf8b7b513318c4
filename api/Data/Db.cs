using System.Data.Common;
using System.Diagnostics;
using System.Runtime.ExceptionServices;
using Burgerbaan.Migrations;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Polly;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Opens connections and runs units of work. A read gets its own connection; a write runs in a transaction
/// (its own, or on SQLite with group commit a savepoint in a shared one); a transient failure (SQLite busy,
/// SQL Server deadlock, ...) retries the whole unit, never half of it. An exception inside the unit rolls it back.
/// </summary>
public sealed class Db(DatabaseSettings settings, ResiliencePipeline pipeline, TimeProvider? time = null) : IDisposable, IAsyncDisposable
{
    public SqlDialect Dialect { get; } = new(settings.Provider);

    public DbConnection CreateConnection() => settings.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(settings.ConnectionString)
        : new SqlConnection(settings.ConnectionString);

    // Foreign Keys=True makes every open of a pooled SQLite connection run a PRAGMA (about 5 us of CPU,
    // twice per authenticated read request). A read cannot break a reference, so read connections leave
    // the keyword out; on SQLite they are the service's own, with their statements kept prepared (ReadConnections).
    private readonly ReadConnections? _reads = settings.Provider == DatabaseProvider.Sqlite
        ? new ReadConnections(new SqliteConnectionStringBuilder(settings.ConnectionString) { ForeignKeys = null }.ToString())
        : null;

    /// <summary>
    /// Reads without a transaction (each statement sees committed data). Never write here: on SQLite the connection
    /// refuses writes (query_only). A refusal the unit throws (<see cref="Common.ApiProblemException"/>) leaves the
    /// connection to be reused; any other failure closes it.
    /// </summary>
    public ValueTask<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct) => DbTelemetry.Enabled
        ? ObservedAsync(DbTelemetry.Read, static (db, w, t) => db.ReadCoreAsync(w, t), work, ct)
        : ReadCoreAsync(work, ct);

    private ValueTask<T> ReadCoreAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct) => _reads is null
        ? pipeline.ExecuteAsync(async token =>
        {
            await using var connection = CreateConnection();
            await connection.OpenAsync(token);
            return await work(connection, token);
        }, ct)
        : ReadKeptAsync(_reads, work, ct);

    /// <summary>
    /// A read on a kept connection. Its first try runs outside the retry pipeline, whose machinery cost about a tenth of
    /// a headroom read's CPU (issue 12, part 4); a try that fails hands its failure to the pipeline as the pipeline's
    /// own first attempt, so the pipeline decides as it always did (retry a transient failure after the same delays, at
    /// most three times; surface anything else unchanged) and a unit runs at most as often as before (DbTests).
    /// </summary>
    private async ValueTask<T> ReadKeptAsync<T>(ReadConnections reads, Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        // The pipeline refuses a cancelled token before the first attempt; so does this.
        ct.ThrowIfCancellationRequested();
        ExceptionDispatchInfo failed;
        try
        {
            return await ReadOnceAsync(reads, work, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed = ExceptionDispatchInfo.Capture(e);
        }
        var first = true;
        return await pipeline.ExecuteAsync(async token =>
        {
            if (first)
            {
                first = false;
                failed.Throw();
            }
            return await ReadOnceAsync(reads, work, token);
        }, ct);
    }

    private static async ValueTask<T> ReadOnceAsync<T>(ReadConnections reads, Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct)
    {
        var connection = await reads.RentAsync(ct);
        var reusable = false;
        try
        {
            var result = await work(connection, ct);
            reusable = true;
            return result;
        }
        catch (Common.ApiProblemException)
        {
            reusable = true;
            throw;
        }
        finally
        {
            reads.Return(connection, reusable);
        }
    }

    /// <summary>
    /// Lets the group-commit loop finish what is queued and close its connection, then closes the read connections.
    /// The host disposes this singleton asynchronously when it stops; the synchronous form is for callers that own a Db.
    /// </summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    // SQLite has a single writer. Writers of this process queue here, asynchronously and in order, instead
    // of in Microsoft.Data.Sqlite's busy loop, which blocks a thread-pool thread for 150 ms per retry and,
    // under a burst of writes, starves every other request. Other processes still meet the busy handling.
    // With group commit (the default) the queue is the writer loop; without it, a gate of one.
    private readonly SemaphoreSlim? _writeGate = settings is { Provider: DatabaseProvider.Sqlite, GroupCommit: false } ? new SemaphoreSlim(1, 1) : null;

    /// <summary>With group commit: how often the writer loop stopped to start the WAL again (<c>GroupCommit.CatchUps</c>).</summary>
    internal long WalCatchUps => _groupCommit?.CatchUps ?? 0;

    private readonly GroupCommit? _groupCommit = settings is { Provider: DatabaseProvider.Sqlite, GroupCommit: true }
        ? new GroupCommit(() => new SqliteConnection(settings.ConnectionString), pipeline, time ?? TimeProvider.System, settings.WalRestartFrames)
        : null;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and answers once it is committed. On SQLite the
    /// transaction is BEGIN IMMEDIATE: writers queue up front instead of failing on upgrade; with group commit
    /// the unit runs in a savepoint of a transaction it may share with other units (see <see cref="GroupCommit"/>).
    /// A unit that holds the write lock for long (a payout run) passes <paramref name="alone"/> and gets a
    /// transaction of its own. On SQL Server every unit has its own transaction.
    /// </summary>
    public ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct, bool alone = false) =>
        DbTelemetry.Enabled
            ? ObservedAsync(DbTelemetry.Write, (db, w, t) => db.WriteCoreAsync(w, alone, t), work, ct)
            : WriteCoreAsync(work, alone, ct);

    private async ValueTask<T> WriteCoreAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, bool alone, CancellationToken ct)
    {
        if (_groupCommit is not null)
        {
            return await _groupCommit.WriteAsync(work, alone, ct);
        }
        if (_writeGate is null)
        {
            return await WriteOnceAsync(work, ct);
        }
        await _writeGate.WaitAsync(ct);
        try
        {
            return await WriteOnceAsync(work, ct);
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private string System => settings.Provider == DatabaseProvider.Sqlite ? "sqlite" : "microsoft.sql_server";

    /// <summary>A unit of work under its span and timed (only while telemetry listens: see <see cref="DbTelemetry"/>).</summary>
    private async ValueTask<T> ObservedAsync<TWork, T>(string operation, Func<Db, TWork, CancellationToken, ValueTask<T>> run, TWork work, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var activity = DbTelemetry.StartUnit(operation, System);
        try
        {
            var result = await run(this, work, ct);
            DbTelemetry.EndUnit(activity, started, operation, System, null);
            return result;
        }
        catch (Exception e)
        {
            DbTelemetry.EndUnit(activity, started, operation, System, e);
            throw;
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        if (_groupCommit is not null)
        {
            await _groupCommit.DisposeAsync();
        }
        _reads?.Dispose();
    }

    private ValueTask<T> WriteOnceAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct) =>
        pipeline.ExecuteAsync(async token =>
        {
            await using var connection = CreateConnection();
            await connection.OpenAsync(token);
            await using var tx = await connection.BeginTransactionAsync(token);
            var result = await work(connection, tx, token);
            await tx.CommitAsync(token);
            return result;
        }, ct);
}
