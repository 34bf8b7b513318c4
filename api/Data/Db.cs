using System.Data.Common;
using Burgerbaan.Migrations;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Polly;

namespace Burgerbaan.Api.Data;

/// <summary>
/// Opens connections and runs units of work. A unit of work gets its own connection and, for writes,
/// one transaction; a transient failure (SQLite busy, SQL Server deadlock, ...) retries the whole unit,
/// never half of it. An exception inside the unit rolls the transaction back.
/// </summary>
public sealed class Db(DatabaseSettings settings, ResiliencePipeline pipeline)
{
    public SqlDialect Dialect { get; } = new(settings.Provider);

    public DbConnection CreateConnection() => settings.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnection(settings.ConnectionString)
        : new SqlConnection(settings.ConnectionString);

    // Foreign Keys=True makes every open of a pooled SQLite connection run a PRAGMA (about 5 us of CPU,
    // twice per authenticated read request). A read cannot break a reference, so read connections leave
    // the keyword out and keep a pool of their own; write connections keep it.
    private readonly string? _sqliteReadConnection = settings.Provider == DatabaseProvider.Sqlite
        ? new SqliteConnectionStringBuilder(settings.ConnectionString) { ForeignKeys = null }.ToString()
        : null;

    /// <summary>Reads without a transaction (each statement sees committed data). Never write here.</summary>
    public ValueTask<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> work, CancellationToken ct) =>
        pipeline.ExecuteAsync(async token =>
        {
            await using var connection = _sqliteReadConnection is null ? CreateConnection() : new SqliteConnection(_sqliteReadConnection);
            await connection.OpenAsync(token);
            return await work(connection, token);
        }, ct);

    // SQLite has a single writer. Writers of this process queue here, asynchronously and in order, instead
    // of in Microsoft.Data.Sqlite's busy loop, which blocks a thread-pool thread for 150 ms per retry and,
    // under a burst of writes, starves every other request. Other processes still meet the busy handling.
    private readonly SemaphoreSlim? _writeGate = settings.Provider == DatabaseProvider.Sqlite ? new SemaphoreSlim(1, 1) : null;

    /// <summary>
    /// Runs <paramref name="work"/> in one transaction and commits when it returns. On SQLite the
    /// transaction is BEGIN IMMEDIATE: writers queue up front instead of failing on upgrade.
    /// </summary>
    public async ValueTask<T> WriteAsync<T>(Func<DbConnection, DbTransaction, CancellationToken, Task<T>> work, CancellationToken ct)
    {
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
