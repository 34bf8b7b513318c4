using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

internal sealed partial class GroupCommit
{
    /// <summary>
    /// The WAL's length in frames (4 KB pages) at which the loop starts it again under writes that never pause
    /// (<see cref="Copier"/>): about 132 MB with the frames' headers. A restart holds the loop for the copy of the frames
    /// committed since the copier's last pass and two fsyncs (10-18 ms measured), and every caller queued meanwhile waits
    /// with it. At 4,000 frames (the first value) payouts at 32 clients restarted 4 times a second, a batch each time,
    /// which was the band between p90 and p99; at 32,000 about once every 2 seconds (tests/load/README.md). Under lighter
    /// load the WAL starts again on its own long before (a BEGIN that finds every frame copied), so it stays short (its
    /// file keeps the largest size it reached: SQLite does not shrink it); the frames copied are in the database file
    /// either way, and readers look up only frames not yet copied.
    /// </summary>
    internal const int DefaultWalRestartFrames = 32_000;

    /// <summary>
    /// WAL checkpoints off the writer loop. SQLite's automatic checkpoint runs inside the COMMIT that takes the WAL past
    /// 1,000 frames, so the loop, and every caller queued behind it, stood still while the frames were copied into the
    /// database file and that file was synced (a third of a COMMIT's time under hours batches; the tail of payouts at 32
    /// clients). Here a copier on a thread and connection of its own checkpoints (PASSIVE: it never waits for the writer
    /// or a reader) after commits, at most once every <see cref="Spacing"/>, so a burst of small commits costs one
    /// checkpoint, not one each (a first version that checkpointed after every commit cost 8 clients' payouts 9%).
    /// <para>
    /// The WAL starts again from its beginning only when a write transaction begins with every frame copied, which a
    /// copier running beside a busy writer rarely sees. So once the copier finds <see cref="RestartFrames"/> frames in the
    /// WAL, the loop checkpoints before its next BEGIN itself (<see cref="TakeRestartDue"/>): only the frames committed
    /// since the copier's last pass, after which that BEGIN starts the WAL again. The loop's connection keeps SQLite's own
    /// checkpoint as a backstop at <see cref="BackstopFrames"/> (should the copier stop or fall behind, the WAL is
    /// bounded as before, only later). Durability does not depend on any of this: every answered write is in the WAL,
    /// synced at its COMMIT; a checkpoint only copies committed frames into the database file.
    /// </para>
    /// Measured (tests/load/README.md): hours ingestion 1.07-1.10x, payouts at 32 clients 1.07-1.08x with p99 0.91-0.93,
    /// 8 clients 1.01x.
    /// </summary>
    private sealed class Copier : IDisposable
    {
        internal static readonly TimeSpan Spacing = TimeSpan.FromMilliseconds(50);
        private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(250);

        private readonly Func<SqliteConnection> _connect;
        private readonly CancellationTokenSource _stop = new();
        private readonly SemaphoreSlim _wake = new(0, 1);
        private readonly Thread _thread;
        private long _commits;
        private int _restartDue;
        private long _caughtUp = -1;

        /// <summary>
        /// Held around every checkpoint, the copier's and the loop's. SQLite lets one checkpoint run at a time and refuses a
        /// second at once (PASSIVE does not wait); the loop's catch-up comes just after a COMMIT, the moment that COMMIT
        /// wakes the copier, so without this the two met nearly every time, the loop's was refused, and the WAL never
        /// started again (GroupCommitCheckpointTests). The loop waits here for at most the rest of one copier pass.
        /// </summary>
        private readonly object _gate = new();
        private int _disposed;

        public Copier(Func<SqliteConnection> connect, int restartFrames)
        {
            _connect = connect;
            RestartFrames = restartFrames;
            _thread = new Thread(Run) { IsBackground = true, Name = "burgerbaan-wal-copier" };
            _thread.Start();
        }

        /// <summary>The WAL's length at which the loop starts it again (<see cref="DefaultWalRestartFrames"/>).</summary>
        public int RestartFrames { get; }

        /// <summary>Where SQLite's own checkpoint on the loop's connection takes over, should the copier stop: twice the service's restart length.</summary>
        internal const int BackstopFrames = 2 * DefaultWalRestartFrames;

        /// <summary>The loop committed: there are frames to copy.</summary>
        public void Committed()
        {
            Interlocked.Increment(ref _commits);
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already woken: one checkpoint covers every commit before it starts.
            }
            catch (ObjectDisposedException)
            {
                // Stopped: SQLite's own checkpoint (the backstop) and the last connection's close take over.
            }
        }

        /// <summary>True once after the copier found the WAL at <see cref="RestartFrames"/> frames or more.</summary>
        public bool TakeRestartDue() => Interlocked.Exchange(ref _restartDue, 0) == 1;

        /// <summary>
        /// The loop's catch-up: checkpoints on the loop's own connection (<paramref name="checkpoint"/>) and notes that
        /// everything committed so far is copied, so the copier's next pass, with nothing to copy, does not meet the loop's
        /// BEGIN.
        /// </summary>
        public void CatchUp(Action checkpoint)
        {
            lock (_gate)
            {
                checkpoint();
                Volatile.Write(ref _caughtUp, Interlocked.Read(ref _commits));
            }
        }

        /// <summary>A PASSIVE checkpoint (it waits for no one) on <paramref name="connection"/>, outside a transaction; returns the frames in the WAL (-1 when the file is not in WAL mode).</summary>
        public static long Checkpoint(SqliteConnection connection)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
            using var reader = command.ExecuteReader();
            // busy, frames in the WAL, frames copied (both -1 when the file is not in WAL mode)
            return reader.Read() ? reader.GetInt64(1) : -1;
        }

        private void Run()
        {
            SqliteConnection? connection = null;
            var copied = 0L;
            var last = Environment.TickCount64 - (long)Spacing.TotalMilliseconds;
            try
            {
                while (true)
                {
                    _wake.Wait(Idle, _stop.Token);
                    if (Interlocked.Read(ref _commits) == copied)
                    {
                        continue;
                    }
                    var wait = last + (long)Spacing.TotalMilliseconds - Environment.TickCount64;
                    if (wait > 0 && _stop.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait)))
                    {
                        return;
                    }
                    var seen = Interlocked.Read(ref _commits);
                    try
                    {
                        connection ??= Open();
                        long frames;
                        lock (_gate)
                        {
                            if (Volatile.Read(ref _caughtUp) == seen)
                            {
                                // The loop copied everything committed so far just now and is about to BEGIN on a WAL it
                                // can start again: a checkpoint here would find nothing to copy and only meet that BEGIN.
                                copied = seen;
                                continue;
                            }
                            frames = Checkpoint(connection);
                        }
                        if (frames >= RestartFrames)
                        {
                            Volatile.Write(ref _restartDue, 1);
                        }
                        copied = seen;
                    }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        // Whatever failed (this is a thread of its own: nothing may escape it), the next commit's wake
                        // tries again on a fresh connection; the frames stay in the WAL until then.
                        connection?.Dispose();
                        connection = null;
                    }
                    last = Environment.TickCount64;
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopping.
            }
            finally
            {
                connection?.Dispose();
            }
        }

        private SqliteConnection Open()
        {
            var connection = _connect();
            try
            {
                connection.Open();
                return connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        /// <summary>Stops the copier and closes its connection; a second call (the host and a test may both dispose) does nothing.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 1)
            {
                return;
            }
            _stop.Cancel();
            _thread.Join();
            _stop.Dispose();
            _wake.Dispose();
        }
    }
}
