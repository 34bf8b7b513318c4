using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>
/// One long-lived SQLite read connection of <see cref="ReadConnections"/> that keeps a prepared
/// <see cref="SqliteCommand"/> per statement text. Callers see an ordinary <see cref="DbConnection"/> (Dapper works on it
/// unchanged): each command it creates runs on the cached command for its text, with the caller's parameters, so SQLite
/// compiles a statement once per connection instead of once per execution. A statement whose previous reader is still
/// open runs on a command of its own. Used by one read unit at a time.
/// </summary>
[SuppressMessage("Design", "CA1010", Justification = "DbConnection's own collection interfaces are not used.")]
internal sealed class ReadConnection(SqliteConnection inner) : DbConnection
{
    /// <summary>Distinct texts kept per connection. Dapper writes one text per list length for <c>IN @list</c>, so the
    /// cache starts over when full rather than grow; the hot reads are back after their next execution.</summary>
    internal const int MaxStatements = 64;

    private readonly Dictionary<string, Statement> _statements = new(StringComparer.Ordinal);
    private bool _transactionBegun;

    internal sealed class Statement(SqliteCommand command)
    {
        public SqliteCommand Command { get; } = command;

        public SqliteDataReader? Reader { get; set; }

        public bool Busy => Reader is { IsClosed: false };
    }

    /// <summary>Open, no transaction ever begun on it, and no reader of a cached statement left open.</summary>
    public bool Reusable => inner.State == ConnectionState.Open && !_transactionBegun && !_statements.Values.Any(s => s.Busy);

    /// <summary>How many statement texts are prepared on this connection (for the tests).</summary>
    internal int PreparedCount => _statements.Count;

    /// <summary>The cached statement for <paramref name="sql"/>, or null when its command is busy (the caller then uses its own).</summary>
    internal Statement? Prepared(string sql)
    {
        if (_statements.TryGetValue(sql, out var statement))
        {
            return statement.Busy ? null : statement;
        }
        if (_statements.Count >= MaxStatements)
        {
            if (_statements.Values.Any(s => s.Busy))
            {
                return null;
            }
            DisposeStatements();
        }
        statement = new Statement(new SqliteCommand(sql, inner));
        _statements.Add(sql, statement);
        return statement;
    }

    internal SqliteCommand Unprepared(string sql) => new(sql, inner);

    [AllowNull]
    public override string ConnectionString
    {
        get => inner.ConnectionString;
        set => throw new NotSupportedException("A pooled read connection keeps its connection string.");
    }

    public override string Database => inner.Database;

    public override string DataSource => inner.DataSource;

    public override string ServerVersion => inner.ServerVersion;

    public override ConnectionState State => inner.State;

    public override void ChangeDatabase(string databaseName) => throw new NotSupportedException("A read connection stays on its database.");

    public override void Open()
    {
        if (inner.State != ConnectionState.Open)
        {
            throw new InvalidOperationException("A pooled read connection is opened by its pool.");
        }
    }

    public override Task OpenAsync(CancellationToken cancellationToken)
    {
        Open();
        return Task.CompletedTask;
    }

    public override void Close() => inner.Close();

    // Deferred: a read-only connection cannot take the write lock that BEGIN IMMEDIATE asks for. The cached commands stay
    // bound to the transaction, so the connection is closed when it comes back.
    protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel)
    {
        _transactionBegun = true;
        return inner.BeginTransaction(isolationLevel, deferred: true);
    }

    protected override DbCommand CreateDbCommand() => new ReadCommand(this);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DisposeStatements();
            inner.Dispose();
        }
        base.Dispose(disposing);
    }

    private void DisposeStatements()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Reader?.Dispose();
            statement.Command.Dispose();
        }
        _statements.Clear();
    }
}
