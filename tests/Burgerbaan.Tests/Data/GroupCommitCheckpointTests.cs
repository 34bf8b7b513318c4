using Burgerbaan.Api.Data;
using Dapper;

namespace Burgerbaan.Tests.Data;

/// <summary>
/// WAL checkpoints run off the writer loop (<c>GroupCommit.Copier</c>): the loop's connection checkpoints inside a COMMIT
/// only as a backstop, far above SQLite's default of 1,000 frames; a connection of its own copies the frames; and under
/// writes that never pause the WAL still starts again from its beginning instead of growing with every write.
/// </summary>
public sealed class GroupCommitCheckpointTests : IDisposable
{
    private readonly WriterBench _w = new();

    public void Dispose() => _w.Dispose();

    [Fact]
    public async Task The_writer_connection_leaves_checkpoints_to_the_copier()
    {
        Assert.Equal(64_000, await _w.Db.WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition(
            "PRAGMA wal_autocheckpoint", transaction: tx, cancellationToken: ct)), CancellationToken.None));
    }

    [Fact]
    public async Task Committed_frames_are_copied_into_the_database_file_without_another_write()
    {
        var before = new FileInfo(_w.File.Path).Length;
        await Rows(0, 500); // about 50 pages, far below the 1,000 frames of SQLite's own automatic checkpoint

        // Only a checkpoint writes pages into the database file itself; the copier runs one after the commit.
        var grown = before;
        for (var tries = 0; tries < 200 && grown < before + 40 * 4096; tries++)
        {
            await Task.Delay(25);
            grown = new FileInfo(_w.File.Path).Length;
        }
        Assert.True(grown >= before + 40 * 4096, $"the database file grew from {before} to {grown} bytes only");
        Assert.Equal(500, Count());
    }

    [Fact]
    public async Task Under_writes_that_never_pause_the_wal_starts_again_instead_of_growing()
    {
        // 1,500 units of 100 rows of 400 bytes (about 10 pages each), all queued at once, each holding its transaction
        // open a moment after its insert. Without a restart the WAL would hold a frame for every page written, about
        // 15,000 (the loop's catch-up comes at 32,000, SQLite's backstop at 64,000). It restarts whenever a BEGIN finds
        // every frame copied: here mostly because a copier's pass ended between a COMMIT and the next BEGIN (719 frames at
        // most in a run; 1,438 with the loop's own catch-up switched off, so this does not single the catch-up out: it
        // bounds the WAL).
        const int units = 1500;
        await Task.WhenAll(Enumerable.Range(0, units).Select(u => Rows(u * 100, 100, pause: TimeSpan.FromMilliseconds(1))));

        var frames = new FileInfo(_w.File.Path + "-wal").Length / (4096 + 24);
        Assert.Equal(units * 100, Count());
        Assert.True(frames < 9_000, $"the WAL grew to {frames} frames; it should have started again");
    }

    [Fact]
    public async Task When_every_begin_finds_frames_not_yet_copied_the_loop_copies_them_itself_and_the_wal_starts_again()
    {
        // 40 units of about 400 pages each, queued at once, each in a transaction of its own (as a payout run's chunks)
        // that it holds 60 ms after its insert (longer than the copier's spacing): the copier's passes start and end
        // while a transaction is open, and each COMMIT is followed at once by the next BEGIN, so no BEGIN finds every
        // frame copied on its own. Without the loop's catch-up the WAL would take a frame for every page, about 16,000
        // (below SQLite's backstop at 64,000); with it the WAL starts again once the copier has seen 4,000 frames (the
        // service's 32,000 lowered, to reach it with little data).
        using var w = new WriterBench(walRestartFrames: 4000);
        var frames = await LongUnits(w);
        Assert.True(frames < 9_000, $"the WAL grew to {frames} frames; the loop should have restarted it");
    }

    [Fact]
    public async Task Below_the_services_restart_length_the_loop_does_not_stop_to_restart_the_wal()
    {
        // The same 16,000 frames at the service's own length (32,000): the loop's catch-up holds every queued caller for
        // a copy and two fsyncs, so it waits for a long WAL (DefaultWalRestartFrames). The WAL may still start again on
        // its own (a BEGIN that finds every frame copied, more often on a busy machine); the loop never stops for it.
        await LongUnits(_w);
        Assert.Equal(0, _w.Db.WalCatchUps);
    }

    /// <summary>40 units of 3,600 rows (about 400 pages), each alone and held 60 ms after its insert; the WAL's frames afterwards.</summary>
    private static async Task<long> LongUnits(WriterBench w)
    {
        const int units = 40;
        await Task.WhenAll(Enumerable.Range(0, units).Select(u => Rows(w, u * 3600, 3600, pause: TimeSpan.FromMilliseconds(60), alone: true)));
        Assert.Equal(units * 3600, Count(w));
        return new FileInfo(w.File.Path + "-wal").Length / (4096 + 24);
    }

    private Task<int> Rows(int first, int count, TimeSpan? pause = null, bool alone = false) => Rows(_w, first, count, pause, alone);

    private static Task<int> Rows(WriterBench w, int first, int count, TimeSpan? pause = null, bool alone = false) =>
        w.Db.WriteAsync(async (c, tx, ct) =>
        {
            var added = await c.ExecuteAsync(new CommandDefinition(
                "WITH RECURSIVE n(i) AS (SELECT @first UNION ALL SELECT i + 1 FROM n WHERE i < @last) " +
                "INSERT INTO t (id, unit) SELECT 1 + i, printf('%0400d', i) FROM n",
                new { first, last = first + count - 1 }, tx, cancellationToken: ct));
            if (pause is { } p)
            {
                await Task.Delay(p, ct);
            }
            return added;
        }, CancellationToken.None, alone).AsTask();

    private int Count() => Count(_w);

    private static int Count(WriterBench w)
    {
        using var c = w.File.Open();
        return c.ExecuteScalar<int>("SELECT count(*) FROM t");
    }
}
