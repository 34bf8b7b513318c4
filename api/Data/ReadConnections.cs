using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>
/// SQLite read connections owned by the service, so that their statements stay prepared from one request to the next:
/// Microsoft.Data.Sqlite keeps a statement prepared only for the life of one <see cref="SqliteCommand"/>, and its own
/// pool hands out a new connection object, with none of them, on every open. A read unit checks one out, runs on it
/// alone and gives it back (<see cref="ReadConnection"/> holds the statements).
/// <list type="bullet">
/// <item>Committed data only and no snapshot kept: outside a statement an idle connection holds no read transaction
/// (each reader resets its statement when disposed), so WAL checkpoints never wait for it and the next read sees
/// every commit made meanwhile.</item>
/// <item>Reads only: each connection is opened with <c>PRAGMA query_only</c>, so a write slipped into a read unit fails
/// instead of bypassing the writer queue (and foreign keys, which read connections leave off).</item>
/// <item>A connection comes back only in a known state: no reader open, no transaction begun, no failure other than a
/// refusal the unit threw on purpose; otherwise it is closed. At most <see cref="Keep"/> wait idle; a burst beyond that
/// opens extra ones, closed when they come back. All are closed when the service stops.</item>
/// </list>
/// </summary>
internal sealed class ReadConnections(string connectionString) : IDisposable
{
    /// <summary>Idle connections kept. Reads run to completion on one thread (the driver's async calls are
    /// synchronous), so about as many run at once as the thread pool has threads busy.</summary>
    public static readonly int Keep = Math.Max(8, Environment.ProcessorCount * 4);

    // Pooling off: this pool owns the handle, and closing a connection really closes the file.
    private readonly string _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = false }.ToString();
    private readonly Lock _gate = new();
    private readonly Stack<ReadConnection> _idle = new(Keep);
    private bool _disposed;

    /// <summary>An idle connection (the most recently used: its pages and statements are the warmest), or a new one.</summary>
    public async ValueTask<ReadConnection> RentAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }
        var sqlite = new SqliteConnection(_connectionString);
        try
        {
            await sqlite.OpenAsync(ct);
            using var pragma = sqlite.CreateCommand();
            pragma.CommandText = "PRAGMA query_only = 1;";
            await pragma.ExecuteNonQueryAsync(ct);
            return new ReadConnection(sqlite);
        }
        catch
        {
            await sqlite.DisposeAsync();
            throw;
        }
    }

    /// <summary>Takes the connection back when <paramref name="reusable"/> and it is in a known state; closes it otherwise.</summary>
    public void Return(ReadConnection connection, bool reusable)
    {
        if (reusable && connection.Reusable)
        {
            lock (_gate)
            {
                if (!_disposed && _idle.Count < Keep)
                {
                    _idle.Push(connection);
                    return;
                }
            }
        }
        connection.Dispose();
    }

    public void Dispose()
    {
        List<ReadConnection> idle;
        lock (_gate)
        {
            _disposed = true;
            idle = [.. _idle];
            _idle.Clear();
        }
        foreach (var connection in idle)
        {
            connection.Dispose();
        }
    }
}
