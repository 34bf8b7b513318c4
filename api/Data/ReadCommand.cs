using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>
/// A command of a <see cref="ReadConnection"/>: collects text and parameters like any command and, when executed, runs
/// them on the connection's prepared <see cref="SqliteCommand"/> for that text. The parameters are bound afresh on
/// every execution (the driver refuses to run when one the text names is missing, so no value of an earlier
/// execution can be left bound).
/// </summary>
[SuppressMessage("Security", "CA2100", Justification = "The text is whatever the caller set, as on any DbCommand; values stay parameters.")]
internal sealed class ReadCommand(ReadConnection connection) : DbCommand
{
    // A parameter list of its own. It used to be a throwaway SqliteCommand's: a finalizable Component a read, never
    // disposed, so every read left one for the finalizer thread (as the writer's Shell does, GroupCommit.Connection.cs).
    private readonly SqliteParameterCollection _parameters = new OwnParameters();
    private SqliteCommand? _own;

    [AllowNull]
    public override string CommandText { get; set; } = "";

    public override int CommandTimeout { get; set; } = 30;

    public override CommandType CommandType
    {
        get => CommandType.Text;
        set
        {
            if (value != CommandType.Text)
            {
                throw new NotSupportedException("SQLite runs text commands only.");
            }
        }
    }

    public override bool DesignTimeVisible { get; set; }

    public override UpdateRowSource UpdatedRowSource { get; set; }

    protected override DbConnection? DbConnection
    {
        get => connection;
        set => throw new NotSupportedException("A read command stays on its connection.");
    }

    protected override DbParameterCollection DbParameterCollection => _parameters;

    protected override DbTransaction? DbTransaction { get; set; }

    public override void Cancel() => _own?.Cancel();

    public override void Prepare()
    {
        // Statements are prepared on first execution and kept by the connection.
    }

    protected override DbParameter CreateDbParameter() => new SqliteParameter();

    private sealed class OwnParameters : SqliteParameterCollection;

    public override int ExecuteNonQuery() => DbTelemetry.Statement(CommandText, this, static c => c.Bind(out _).ExecuteNonQuery());

    public override object? ExecuteScalar() => DbTelemetry.Statement(CommandText, this, static c => c.Bind(out _).ExecuteScalar());

    public override Task<int> ExecuteNonQueryAsync(CancellationToken cancellationToken) =>
        DbTelemetry.StatementAsync(CommandText, (Command: this, Token: cancellationToken), static s => s.Command.Bind(out _).ExecuteNonQueryAsync(s.Token));

    public override Task<object?> ExecuteScalarAsync(CancellationToken cancellationToken) =>
        DbTelemetry.StatementAsync(CommandText, (Command: this, Token: cancellationToken), static s => s.Command.Bind(out _).ExecuteScalarAsync(s.Token));

    // The span of a query ends when its reader is handed back (the rows are read by the caller).
    protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
        DbTelemetry.Statement(CommandText, (Command: this, Behavior: behavior), static s => s.Command.Read(s.Behavior));

    protected override Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
        DbTelemetry.StatementAsync(CommandText, (Command: this, Behavior: behavior, Token: cancellationToken),
            static s => s.Command.ReadAsync(s.Behavior, s.Token));

    private SqliteDataReader Read(CommandBehavior behavior)
    {
        var command = Bind(out var statement);
        var reader = command.ExecuteReader(behavior);
        statement?.Reader = reader;
        return reader;
    }

    private async Task<DbDataReader> ReadAsync(CommandBehavior behavior, CancellationToken cancellationToken)
    {
        var command = Bind(out var statement);
        var reader = await command.ExecuteReaderAsync(behavior, cancellationToken);
        statement?.Reader = reader;
        return reader;
    }

    private SqliteCommand Bind(out ReadConnection.Statement? statement)
    {
        statement = connection.Prepared(CommandText);
        var command = statement?.Command ?? (_own ??= connection.Unprepared(CommandText));
        if (!ReferenceEquals(command.CommandText, CommandText) && command.CommandText != CommandText)
        {
            command.CommandText = CommandText;
        }
        SqliteParameters.MoveTo(_parameters, command);
        command.CommandTimeout = CommandTimeout;
        command.Transaction = (SqliteTransaction?)DbTransaction;
        return command;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _own?.Dispose();
        }
        base.Dispose(disposing);
    }
}
