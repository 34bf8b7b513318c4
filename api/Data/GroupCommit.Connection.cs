using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

internal sealed partial class GroupCommit
{
    /// <summary>Takes no more units, lets the loop finish those queued, then closes the connection.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.WaitAsync(TimeSpan.FromSeconds(30));
        _copier.Dispose();
    }

    /// <summary>The loop's connection, opened when there is none.</summary>
    private async Task<PreparedConnection> ConnectionAsync(CancellationToken token)
    {
        if (_connection is null)
        {
            var connection = new PreparedConnection(_connect());
            try
            {
                await connection.OpenAsync(token);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }
            _connection = connection;
        }
        return _connection;
    }

    /// <summary>Closes the loop's connection after a failure whose aftermath is not certain; the next batch opens a fresh one.</summary>
    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync();
        }
    }

    /// <summary>
    /// The writer loop's one long-lived SQLite connection, handed to every unit. Microsoft.Data.Sqlite keeps a
    /// statement compiled only for the life of one <see cref="SqliteCommand"/>, and Dapper creates a command per
    /// call, so every statement of every payout used to be compiled again (dotnet/efcore#14044). Here a command a
    /// unit creates is a thin shell: on execution it runs a <see cref="SqliteCommand"/> kept per SQL text on this
    /// connection, compiled once, with the shell's parameters bound afresh. SQL texts past <see cref="Capacity"/>
    /// (a list expanded per length, say) run on a command of their own, as before.
    /// </summary>
    internal sealed class PreparedConnection(SqliteConnection inner) : DbConnection
    {
        internal const int Capacity = 256;

        private readonly Dictionary<string, Prepared> _prepared = new(StringComparer.Ordinal);

        private sealed class Prepared(SqliteCommand command)
        {
            public SqliteCommand Command => command;

            // A reader still open on the command (a unit that reads two results of one text at once) must not be reset under it.
            public SqliteDataReader? Reader { get; set; }
        }

        [AllowNull]
        public override string ConnectionString
        {
            get => inner.ConnectionString;
            set => throw new NotSupportedException("The writer's connection is set up once.");
        }

        public override string Database => inner.Database;

        public override string DataSource => inner.DataSource;

        public override string ServerVersion => inner.ServerVersion;

        public override ConnectionState State => inner.State;

        public override void ChangeDatabase(string databaseName) => throw new NotSupportedException();

        /// <summary>
        /// Opens the connection with its sub-journals in memory (<c>temp_store = MEMORY</c>). Every unit runs in a savepoint,
        /// and SQLite copies each page a unit changes into the savepoint's sub-journal first; past 64 KiB in one unit (a
        /// payout changes about 15 pages) the sub-journal spilled into a temporary file, so that every further copy was two
        /// <c>pwrite</c> calls: 57% of the writer's writes under payout load (strace), on the loop's critical path. In
        /// memory, a unit's sub-journal costs what that unit changed (a 1,000-entry hours batch: a few MB, freed at its
        /// RELEASE or ROLLBACK TO). Durability is untouched: the sub-journal only serves ROLLBACK TO; the WAL and its fsync
        /// at COMMIT are as before. SQLite's own checkpoint stays only as a backstop at <see cref="Copier.BackstopFrames"/>
        /// frames: the copier checkpoints off the loop (<see cref="Copier"/>).
        /// </summary>
        public override void Open()
        {
            inner.Open();
            using var pragma = inner.CreateCommand();
            pragma.CommandText = $"PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = {Copier.BackstopFrames};";
            pragma.ExecuteNonQuery();
        }

        public override void Close() => inner.Close();

        /// <summary>Copies the WAL's committed frames into the database file (PASSIVE: waits for no one), outside a transaction.</summary>
        public void Checkpoint() => Copier.Checkpoint(inner);

        protected override DbTransaction BeginDbTransaction(IsolationLevel isolationLevel) => inner.BeginTransaction(isolationLevel);

        protected override DbCommand CreateDbCommand() => new Shell(this);

        /// <summary>Runs one statement of the loop's own (SAVEPOINT, RELEASE, ROLLBACK TO) on its kept command.</summary>
        public void Execute(DbTransaction tx, string sql)
        {
            var (command, kept) = Take(sql);
            try
            {
                command.Transaction = (SqliteTransaction)tx;
                command.Parameters.Clear();
                command.ExecuteNonQuery();
            }
            finally
            {
                if (kept is null)
                {
                    command.Dispose();
                }
            }
        }

        /// <summary>The kept command for <paramref name="sql"/>, or a new one the caller owns (<c>owned</c>) when none can be kept or it is busy.</summary>
        private (SqliteCommand Command, Prepared? Kept) Take(string sql)
        {
            if (_prepared.TryGetValue(sql, out var kept))
            {
                return kept.Reader is { IsClosed: false } ? (NewCommand(sql), null) : (kept.Command, kept);
            }
            var command = NewCommand(sql);
            if (_prepared.Count >= Capacity)
            {
                return (command, null);
            }
            kept = new Prepared(command);
            _prepared.Add(sql, kept);
            return (command, kept);
        }

        private SqliteCommand NewCommand(string sql)
        {
            var command = inner.CreateCommand();
            command.CommandText = sql;
            return command;
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                foreach (var kept in _prepared.Values)
                {
                    kept.Command.Dispose();
                }
                _prepared.Clear();
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        // A parameter list of its own, without a SqliteCommand (a finalizable Component) around it.
        private sealed class ShellParameters : SqliteParameterCollection;

        /// <summary>What a unit (through Dapper) sees as a command: text, transaction and parameters, run on a kept command.</summary>
        private sealed class Shell(PreparedConnection owner) : DbCommand
        {
            private readonly SqliteParameterCollection _parameters = new ShellParameters();
            private SqliteCommand? _owned;

            [AllowNull]
            public override string CommandText { get; set; } = "";

            public override int CommandTimeout { get; set; } = 30;

            public override CommandType CommandType { get; set; } = CommandType.Text;

            public override bool DesignTimeVisible { get; set; }

            public override UpdateRowSource UpdatedRowSource { get; set; }

            protected override DbConnection? DbConnection
            {
                get => owner;
                set => throw new NotSupportedException("A command of the writer's connection stays on it.");
            }

            protected override DbParameterCollection DbParameterCollection => _parameters;

            protected override DbTransaction? DbTransaction { get; set; }

            public override void Cancel()
            {
            }

            public override void Prepare()
            {
            }

            protected override DbParameter CreateDbParameter() => new SqliteParameter();

            public override int ExecuteNonQuery() => DbTelemetry.Statement(CommandText, this, static c => c.Bind(out _).ExecuteNonQuery());

            public override object? ExecuteScalar() => DbTelemetry.Statement(CommandText, this, static c => c.Bind(out _).ExecuteScalar());

            // The span of a query ends when its reader is handed back (the rows are read by the unit).
            protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
                DbTelemetry.Statement(CommandText, (Command: this, Behavior: behavior), static s => s.Command.Read(s.Behavior));

            private SqliteDataReader Read(CommandBehavior behavior)
            {
                var reader = Bind(out var kept).ExecuteReader(behavior);
                if (kept is not null)
                {
                    kept.Reader = reader;
                }
                return reader;
            }

            private SqliteCommand Bind(out Prepared? kept)
            {
                if (CommandType != CommandType.Text)
                {
                    throw new NotSupportedException("SQLite runs text commands only.");
                }
                _owned?.Dispose();
                SqliteCommand command;
                (command, kept) = owner.Take(CommandText);
                _owned = kept is null ? command : null;
                command.Transaction = (SqliteTransaction?)DbTransaction;
                command.CommandTimeout = CommandTimeout;
                SqliteParameters.MoveTo(_parameters, command);
                return command;
            }

            protected override void Dispose(bool disposing)
            {
                if (disposing)
                {
                    _owned?.Dispose();
                    _owned = null;
                }
                base.Dispose(disposing);
            }
        }
    }
}
