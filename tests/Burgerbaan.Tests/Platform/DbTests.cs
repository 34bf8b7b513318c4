using Burgerbaan.Api.Data;
using Dapper;
using Burgerbaan.Migrations;
using Microsoft.Data.Sqlite;
using Polly;

namespace Burgerbaan.Tests.Platform;

/// <summary>Which errors count as transient, and how a unit of work retries and rolls back.</summary>
public sealed class DbTests : IDisposable
{
    private readonly TempSqlite _file = new();

    public DbTests()
    {
        using var c = _file.Open();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, attempt INTEGER NOT NULL)");
    }

    public void Dispose() => _file.Dispose();

    private long[] Attempts()
    {
        using var c = _file.Open();
        return c.Query<long>("SELECT attempt FROM t ORDER BY id").ToArray();
    }

    [Theory]
    [InlineData(5)]    // SQLITE_BUSY
    [InlineData(6)]    // SQLITE_LOCKED
    [InlineData(261)]  // SQLITE_BUSY_RECOVERY, an extended busy code
    [InlineData(517)]  // SQLITE_BUSY_SNAPSHOT
    [InlineData(262)]  // SQLITE_LOCKED_SHAREDCACHE
    public void Sqlite_busy_and_locked_are_transient(int code)
    {
        Assert.True(Transient.IsTransient(new SqliteException("x", code)));
    }

    [Theory]
    [InlineData(1)]     // SQLITE_ERROR
    [InlineData(8)]     // SQLITE_READONLY
    [InlineData(14)]    // SQLITE_CANTOPEN
    [InlineData(19)]    // SQLITE_CONSTRAINT
    [InlineData(2067)]  // SQLITE_CONSTRAINT_UNIQUE
    public void Other_sqlite_errors_are_not_transient(int code)
    {
        Assert.False(Transient.IsTransient(new SqliteException("x", code)));
    }

    [Fact]
    public void Non_database_errors_are_not_transient()
    {
        Assert.False(Transient.IsTransient(new InvalidOperationException("x")));
        Assert.False(Transient.IsTransient(new TimeoutException("x")));
    }

    [Fact]
    public void Sql_server_list_holds_deadlock_lock_timeout_and_azure_numbers_but_not_client_timeout()
    {
        Assert.Superset(new HashSet<int> { 1205, 1222, 40613, 49918 }, Transient.SqlServerNumbers.ToHashSet());
        Assert.DoesNotContain(-2, Transient.SqlServerNumbers);
    }

    [Theory]
    [InlineData(true)]  // group commit: the unit runs in a savepoint of a shared transaction
    [InlineData(false)] // a transaction per unit
    public async Task Transient_error_retries_the_whole_unit_of_work_and_commits_once(bool groupCommit)
    {
        var runs = 0;

        var result = await _file.Db(groupCommit: groupCommit).WriteAsync(async (c, tx, ct) =>
        {
            runs++;
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO t (attempt) VALUES (@runs)", new { runs }, tx, cancellationToken: ct));
            if (runs <= 2)
            {
                throw new SqliteException("database is locked", 5);
            }
            return "done";
        }, CancellationToken.None);

        Assert.Equal("done", result);
        Assert.Equal(3, runs);
        Assert.Equal([3L], Attempts());
    }

    [Theory]
    [InlineData(true)]  // group commit: the unit runs in a savepoint of a shared transaction
    [InlineData(false)] // a transaction per unit
    public async Task Persistent_transient_error_gives_up_after_three_retries_and_surfaces(bool groupCommit)
    {
        var runs = 0;

        var error = await Assert.ThrowsAsync<SqliteException>(async () => await _file.Db(groupCommit: groupCommit).WriteAsync<int>(async (c, tx, ct) =>
        {
            runs++;
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO t (attempt) VALUES (@runs)", new { runs }, tx, cancellationToken: ct));
            throw new SqliteException("database is locked", 5);
        }, CancellationToken.None));

        Assert.Equal(5, error.SqliteErrorCode);
        Assert.Equal(4, runs);
        Assert.Empty(Attempts());
    }

    [Theory]
    [InlineData(true)]  // group commit: the unit runs in a savepoint of a shared transaction
    [InlineData(false)] // a transaction per unit
    public async Task Non_transient_error_is_not_retried(bool groupCommit)
    {
        var runs = 0;

        await Assert.ThrowsAsync<SqliteException>(async () => await _file.Db(groupCommit: groupCommit).WriteAsync<int>((c, tx, ct) =>
        {
            runs++;
            throw new SqliteException("constraint failed", 19);
        }, CancellationToken.None));

        Assert.Equal(1, runs);
    }

    // Reads retry like writes: their first try runs outside the retry pipeline and hands a failure to it (Db.ReadKeptAsync).

    [Fact]
    public async Task Transient_error_in_a_read_retries_the_whole_read()
    {
        var runs = 0;

        var result = await _file.Db().ReadAsync(async (c, ct) =>
        {
            runs++;
            var one = await c.ExecuteScalarAsync<long>(new CommandDefinition("SELECT 1", cancellationToken: ct));
            return runs <= 2 ? throw new SqliteException("database is locked", 5) : one + runs;
        }, CancellationToken.None);

        Assert.Equal((4L, 3), (result, runs));
    }

    [Theory]
    [InlineData(true, 4)]   // the service's pipeline: three retries, then the last error
    [InlineData(false, 1)]  // a pipeline without retries: the first error
    public async Task Persistent_transient_error_in_a_read_surfaces_once_the_pipeline_gives_up(bool retries, int expectedRuns)
    {
        var runs = 0;
        var db = retries ? _file.Db() : _file.Db(ResiliencePipeline.Empty);

        var error = await Assert.ThrowsAsync<SqliteException>(async () => await db.ReadAsync<int>((c, ct) =>
        {
            runs++;
            throw new SqliteException($"database is locked ({runs})", 5);
        }, CancellationToken.None));

        Assert.Equal((expectedRuns, $"database is locked ({expectedRuns})"), (runs, error.Message));
    }

    [Fact]
    public async Task Non_transient_errors_and_refusals_in_a_read_are_not_retried_and_surface_unchanged()
    {
        var db = _file.Db();
        var runs = 0;
        var refusal = new Burgerbaan.Api.Common.ApiProblemException(404, "not_found", "Not found", "No such volunteer.");
        var failure = new SqliteException("constraint failed", 19);

        Assert.Same(failure, await Assert.ThrowsAsync<SqliteException>(async () => await db.ReadAsync<int>((c, ct) => { runs++; throw failure; }, CancellationToken.None)));
        Assert.Same(refusal, await Assert.ThrowsAsync<Burgerbaan.Api.Common.ApiProblemException>(async () =>
            await db.ReadAsync<int>((c, ct) => { runs++; throw refusal; }, CancellationToken.None)));
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task A_read_with_a_cancelled_token_never_runs()
    {
        var runs = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await _file.Db().ReadAsync((c, ct) => Task.FromResult(++runs), new CancellationToken(canceled: true)));

        Assert.Equal(0, runs);
    }

    [Theory]
    [InlineData(true)]  // group commit: the unit runs in a savepoint of a shared transaction
    [InlineData(false)] // a transaction per unit
    public async Task Exception_inside_a_unit_of_work_rolls_it_back(bool groupCommit)
    {
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _file.Db(groupCommit: groupCommit).WriteAsync<int>(async (c, tx, ct) =>
        {
            runs++;
            await c.ExecuteAsync(new CommandDefinition("INSERT INTO t (attempt) VALUES (1)", transaction: tx, cancellationToken: ct));
            throw new InvalidOperationException("refused half way");
        }, CancellationToken.None));

        Assert.Equal(1, runs);
        Assert.Empty(Attempts());
    }

    /// <summary>
    /// A second connection holds the write lock for longer than the busy timeout (1 s), so the unit of
    /// work's BEGIN IMMEDIATE fails with SQLITE_BUSY; with the pipeline it is retried and succeeds once the
    /// lock is released, without it the error surfaces.
    /// </summary>
    /// <param name="holdMilliseconds">How long the lock is held unless the write ends first: past the 1 s busy timeout, so
    /// the write must wait it out; without retries it is held until the write has failed, however slow the machine.</param>
    private async Task<int> WriteWhileLocked(ResiliencePipeline pipeline, bool groupCommit, int holdMilliseconds = 1500)
    {
        var db = new Db(new DatabaseSettings(DatabaseProvider.Sqlite, _file.ConnectionString + ";Default Timeout=1", false, groupCommit), pipeline);
        using var blocker = _file.Open();
        using var held = blocker.BeginTransaction(deferred: false);
        blocker.Execute("INSERT INTO t (attempt) VALUES (0)", transaction: held);
        // Open and BEGIN run synchronously; a thread of its own keeps this one free to release the lock.
        var write = Task.Run(async () => await db.WriteAsync((c, tx, ct) =>
            c.ExecuteAsync(new CommandDefinition("INSERT INTO t (attempt) VALUES (1)", transaction: tx, cancellationToken: ct)), CancellationToken.None));
        await Task.WhenAny(write, Task.Delay(holdMilliseconds));
        held.Rollback();
        return await write;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Real_busy_database_is_retried_until_the_other_writer_is_gone(bool groupCommit)
    {
        Assert.Equal(1, await WriteWhileLocked(Transient.Pipeline(TimeSpan.FromMilliseconds(100)), groupCommit));

        Assert.Equal([1L], Attempts());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Real_busy_database_without_retries_surfaces_sqlite_busy(bool groupCommit)
    {
        var error = await Assert.ThrowsAsync<SqliteException>(() => WriteWhileLocked(ResiliencePipeline.Empty, groupCommit, holdMilliseconds: 30_000));

        Assert.Equal(5, error.SqliteErrorCode);
        Assert.True(Transient.IsTransient(error));
        Assert.Empty(Attempts());
    }
}
