using System.Data;
using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Tests.Platform;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// The service's own SQLite read connections (<see cref="ReadConnections"/>): statements stay prepared across reads, yet
/// every read sees what was committed before it, no idle connection holds a snapshot, writes are refused, and a
/// connection comes back to the pool only in a known state.
/// </summary>
public sealed class ReadConnectionTests : IDisposable
{
    private const string ById = "SELECT unit FROM t WHERE id = @id";

    private readonly TempSqlite _file = new();
    private readonly Db _db;

    public ReadConnectionTests()
    {
        using var c = _file.Open();
        c.Execute("PRAGMA journal_mode=WAL; CREATE TABLE t (id INTEGER PRIMARY KEY, unit TEXT NOT NULL); INSERT INTO t VALUES (1, 'a'), (2, 'b');");
        _db = _file.Db();
    }

    public void Dispose()
    {
        _db.Dispose();
        _file.Dispose();
    }

    private Task<(DbConnection Connection, string? Unit)> Unit(long id) =>
        _db.ReadAsync(async (c, ct) => (c, await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(ById, new { id }, cancellationToken: ct))),
            CancellationToken.None).AsTask();

    private void Insert(long id, string unit)
    {
        using var c = _file.Open();
        c.Execute("INSERT INTO t (id, unit) VALUES (@id, @unit)", new { id, unit });
    }

    [Fact]
    public async Task The_same_statement_runs_prepared_on_the_same_connection_with_each_reads_own_parameters()
    {
        var (first, a) = await Unit(1);
        var (second, b) = await Unit(2);
        var (third, none) = await Unit(3);

        Assert.Equal(("a", "b", null), (a, b, none));
        Assert.Same(first, second);
        Assert.Same(first, third);
        Assert.Equal(1, ((ReadConnection)first).PreparedCount);
    }

    [Fact]
    public async Task A_reused_connection_sees_rows_committed_after_its_last_read()
    {
        var (before, missing) = await Unit(3);
        Insert(3, "c");
        var (after, found) = await Unit(3);

        Assert.Null(missing);
        Assert.Equal("c", found);
        Assert.Same(before, after);
    }

    [Fact]
    public async Task Idle_read_connections_hold_no_read_transaction_so_a_checkpoint_completes()
    {
        await Unit(1);
        await _db.ReadAsync(async (c, ct) => (await c.QueryAsync<string>(new CommandDefinition("SELECT unit FROM t ORDER BY id", cancellationToken: ct))).AsList(),
            CancellationToken.None);
        Insert(3, "c");

        using var c = _file.Open();
        var (busy, log, checkpointed) = c.QuerySingle<(long, long, long)>("PRAGMA wal_checkpoint(TRUNCATE)");

        // busy 1 would mean a reader still holds a snapshot older than the log's end; TRUNCATE leaves the log empty.
        Assert.Equal((0L, 0L, 0L), (busy, log, checkpointed));
    }

    [Fact]
    public async Task A_write_inside_a_read_unit_is_refused_and_changes_nothing()
    {
        var refused = await Assert.ThrowsAsync<SqliteException>(() => _db.ReadAsync(
            (c, ct) => c.ExecuteAsync(new CommandDefinition("INSERT INTO t (id, unit) VALUES (9, 'x')", cancellationToken: ct)), CancellationToken.None).AsTask());

        Assert.Equal(8, refused.SqliteErrorCode); // SQLITE_READONLY: the connection is query_only
        using var c = _file.Open();
        Assert.Equal(["a", "b"], c.Query<string>("SELECT unit FROM t ORDER BY id"));
    }

    [Fact]
    public async Task The_same_statement_while_its_reader_is_open_runs_on_a_command_of_its_own()
    {
        var pairs = await _db.ReadAsync(async (c, ct) =>
        {
            var outer = new List<(string, string?)>();
            foreach (var unit in c.Query<string>("SELECT unit FROM t ORDER BY id", buffered: false))
            {
                // Reads the same text again while the outer reader is still on its statement.
                var again = await c.QuerySingleAsync<string>(new CommandDefinition("SELECT unit FROM t ORDER BY id LIMIT 1", cancellationToken: ct));
                var nested = c.Query<string>("SELECT unit FROM t ORDER BY id", buffered: true).Last();
                outer.Add((unit + again, nested));
            }
            return (outer, c);
        }, CancellationToken.None);

        Assert.Equal([("aa", "b"), ("ba", "b")], pairs.outer);
        var (next, _) = await Unit(1);
        Assert.Same(pairs.c, next);
    }

    [Fact]
    public async Task A_refusal_thrown_by_the_unit_keeps_the_connection_and_a_failure_closes_it()
    {
        var (first, _) = await Unit(1);
        await Assert.ThrowsAsync<ApiProblemException>(() => _db.ReadAsync<int>((_, _) => throw ApiProblemException.NotFound("volunteer"),
            CancellationToken.None).AsTask());
        var (afterRefusal, _) = await Unit(1);
        await Assert.ThrowsAsync<SqliteException>(() => _db.ReadAsync(
            (c, ct) => c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT id FROM no_such_table", cancellationToken: ct)), CancellationToken.None).AsTask());
        var (afterFailure, unit) = await Unit(1);

        Assert.Same(first, afterRefusal);
        Assert.NotSame(first, afterFailure);
        Assert.Equal(ConnectionState.Closed, first.State);
        Assert.Equal("a", unit);
    }

    [Fact]
    public async Task A_connection_that_began_a_transaction_is_closed_not_reused()
    {
        var used = await _db.ReadAsync(async (c, ct) =>
        {
            await using var tx = await c.BeginTransactionAsync(ct);
            await c.QuerySingleAsync<string>(new CommandDefinition(ById, new { id = 1 }, tx, cancellationToken: ct));
            return c;
        }, CancellationToken.None);
        var (next, _) = await Unit(1);

        Assert.NotSame(used, next);
        Assert.Equal(ConnectionState.Closed, used.State);
    }

    [Fact]
    public async Task Stopping_the_service_closes_its_idle_read_connections()
    {
        var (idle, _) = await Unit(1);
        Assert.Equal(ConnectionState.Open, idle.State);

        _db.Dispose();

        Assert.Equal(ConnectionState.Closed, idle.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Unit(1));
    }

    [Fact]
    public async Task Past_the_statement_limit_the_cache_starts_over_and_keeps_answering()
    {
        var answers = new List<long>();
        DbConnection? connection = null;
        for (var i = 0; i < ReadConnection.MaxStatements + 3; i++)
        {
            var sql = $"SELECT COUNT(*) + {i} FROM t"; // a new text each time, as Dapper's IN @list expansions are
            (connection, var n) = await _db.ReadAsync(async (c, ct) => (c, await c.ExecuteScalarAsync<long>(new CommandDefinition(sql, cancellationToken: ct))),
                CancellationToken.None);
            answers.Add(n);
        }

        Assert.Equal(Enumerable.Range(0, ReadConnection.MaxStatements + 3).Select(i => 2L + i), answers);
        Assert.Equal(3, ((ReadConnection)connection!).PreparedCount);
    }
}
