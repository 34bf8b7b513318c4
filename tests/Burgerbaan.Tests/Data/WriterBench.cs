using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Platform;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// A real <see cref="Db"/> with group commit on a SQLite file (WAL, as in production) for the group-commit tests.
/// <see cref="Holder"/> writes "A" and keeps the writer loop until <see cref="Release"/>, so the units queued meanwhile
/// are batched behind it: no timing, only signals. The batch's time limit runs on a clock that moves only when a
/// test moves it.
/// </summary>
public sealed class WriterBench : IDisposable
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <param name="walRestartFrames">The WAL's length at which the loop starts it again; the service's own when null.</param>
    public WriterBench(int? walRestartFrames = null)
    {
        using var c = File.Open();
        c.Execute("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, unit TEXT NOT NULL)");
        var settings = new DatabaseSettings(DatabaseProvider.Sqlite, File.ConnectionString, MigrateOnStartup: false);
        Db = new Db(walRestartFrames is { } frames ? settings with { WalRestartFrames = frames } : settings,
            Transient.Pipeline(TimeSpan.FromMilliseconds(1)), Time);
    }

    public TempSqlite File { get; } = new();

    public StepClock Time { get; } = new();

    public Db Db { get; }

    /// <summary>Completes once the holder runs (and holds the writer loop).</summary>
    public Task Entered => _entered.Task;

    public void Release() => _release.SetResult();

    public void Dispose() => File.Dispose();

    /// <summary>What another connection sees: committed rows only.</summary>
    public string[] Stored()
    {
        using var c = File.Open();
        return c.Query<string>("SELECT unit FROM t ORDER BY id").ToArray();
    }

    public static Task<int> Insert(DbConnection c, DbTransaction tx, string unit, CancellationToken ct, long? id = null) =>
        c.ExecuteAsync(new CommandDefinition("INSERT INTO t (id, unit) VALUES (@id, @unit)", new { id, unit }, tx, cancellationToken: ct));

    /// <summary>Writes "A", then keeps the writer loop until <see cref="Release"/>; answers its transaction.</summary>
    public async Task<DbTransaction> Holder()
    {
        var holder = Db.WriteAsync(async (c, tx, ct) =>
        {
            await Insert(c, tx, "A", ct);
            _entered.SetResult();
            await _release.Task;
            return tx;
        }, CancellationToken.None).AsTask();
        await _entered.Task;
        return await holder;
    }

    /// <summary>Writes a row named <paramref name="unit"/>; answers its transaction.</summary>
    public Task<DbTransaction> Write(string unit) =>
        Db.WriteAsync(async (c, tx, token) =>
        {
            await Insert(c, tx, unit, token);
            return tx;
        }, CancellationToken.None).AsTask();
}

/// <summary>A monotonic clock that stands still until a test moves it.</summary>
public sealed class StepClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}
