using Burgerbaan.Api.Data;
using Dapper;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// The writer loop keeps its connection and its compiled statements across units and batches
/// (<see cref="GroupCommit.PreparedConnection"/>): each execution must still bind its own values, two readers of one
/// text may be open at once, texts past the cache's capacity still run, and shutting down answers what was queued.
/// A failed batch drops the connection (the next write opens a fresh one): GroupCommitFailureTests.
/// </summary>
public sealed class GroupCommitStatementTests : IDisposable
{
    private readonly WriterBench _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task A_kept_statement_binds_each_callers_own_values_across_units_and_batches()
    {
        foreach (var unit in new[] { "first", "second", "third" })
        {
            await _w.Write(unit);
        }
        var a = _w.Holder();
        await _w.Entered;
        var batched = new[] { "x", "y", "z" }.Select(_w.Write).ToList();
        _w.Release();
        await Task.WhenAll(batched.Append(a));

        var read = await _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            var found = new List<string>();
            foreach (var id in new long[] { 3, 1, 7, 99 })
            {
                found.Add(await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
                    "SELECT unit FROM t WHERE id = @id", new { id }, tx, cancellationToken: ct)) ?? "none");
            }
            return found;
        }, CancellationToken.None);

        Assert.Equal(["third", "first", "z", "none"], read);
        Assert.Equal(["first", "second", "third", "A", "x", "y", "z"], _w.Stored());
    }

    [Fact]
    public async Task Two_readers_of_the_same_text_open_at_once_each_read_their_own_rows()
    {
        await _w.Write("one");
        await _w.Write("two");

        var (left, right) = await _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            const string sql = "SELECT unit FROM t WHERE id = @id";
            await using var first = await c.ExecuteReaderAsync(new CommandDefinition(sql, new { id = 1 }, tx, cancellationToken: ct));
            await using var second = await c.ExecuteReaderAsync(new CommandDefinition(sql, new { id = 2 }, tx, cancellationToken: ct));
            Assert.True(await second.ReadAsync(ct));
            Assert.True(await first.ReadAsync(ct));
            return (first.GetString(0), second.GetString(0));
        }, CancellationToken.None);

        Assert.Equal(("one", "two"), (left, right));
    }

    [Fact]
    public async Task Statements_past_the_cache_capacity_still_run_with_their_own_values()
    {
        var count = GroupCommit.PreparedConnection.Capacity + 20;
        var sums = await _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            var found = new List<long>();
            for (var i = 0; i < count; i++)
            {
                found.Add(await c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT @v + {i}", new { v = 1000L }, tx, cancellationToken: ct)));
            }
            return found;
        }, CancellationToken.None);
        var again = await _w.Db.WriteAsync((c, tx, ct) =>
            c.ExecuteScalarAsync<long>(new CommandDefinition($"SELECT @v + {count - 1}", new { v = 1L }, tx, cancellationToken: ct)), CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, count).Select(i => 1000L + i), sums);
        Assert.Equal(count, again);
    }

    [Fact]
    public async Task A_command_a_unit_keeps_and_runs_again_with_new_values_inserts_each_row()
    {
        await _w.Db.WriteAsync(async (c, tx, ct) =>
        {
            await using var command = c.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "INSERT INTO t (unit) VALUES (@unit)";
            var unit = command.CreateParameter();
            unit.ParameterName = "@unit";
            command.Parameters.Add(unit);
            foreach (var name in new[] { "p", "q", "r" })
            {
                unit.Value = name;
                await command.ExecuteNonQueryAsync(ct);
            }
            return 0;
        }, CancellationToken.None);

        Assert.Equal(["p", "q", "r"], _w.Stored());
    }

    [Fact]
    public async Task A_disposed_writer_answers_the_units_queued_before_and_refuses_new_ones()
    {
        var a = _w.Holder();
        await _w.Entered;
        var b = _w.Write("B");
        var disposed = _w.Db.DisposeAsync().AsTask();
        var late = _w.Write("late");
        _w.Release();
        await disposed;

        Assert.Same(await a, await b);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => late);
        Assert.Equal(["A", "B"], _w.Stored());
    }
}
