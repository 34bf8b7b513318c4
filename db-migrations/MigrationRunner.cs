using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Migrations;

/// <summary>What one run did, or would do with <c>--list</c>.</summary>
public sealed record MigrationStatus(string Name, string Checksum, DateTimeOffset? AppliedAt);

public sealed class MigrationChecksumException(string name, string journal, string script)
    : InvalidOperationException(
        $"Migration '{name}' was applied with checksum {journal} but the shipped script now has {script}. " +
        "Applied scripts must never change: restore the original and add a new numbered script instead.");

/// <summary>
/// Applies the numbered scripts of one provider in order, each in its own transaction, and records
/// name, SHA-256 checksum and applied-at in <c>schema_journal</c>. Refuses to run at all when a script
/// that was applied earlier has changed since.
/// </summary>
public sealed partial class MigrationRunner(DatabaseProvider provider, string connectionString, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public IReadOnlyList<MigrationScript> Scripts { get; init; } = MigrationScript.Embedded(provider);

    public DbConnection OpenConnection()
    {
        DbConnection connection = provider == DatabaseProvider.Sqlite
            ? new SqliteConnection(connectionString)
            : new SqlConnection(connectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Applies what is pending; returns the names applied now.</summary>
    public IReadOnlyList<string> Migrate()
    {
        using var connection = OpenConnection();
        using var guard = Lock(connection);
        EnsureJournal(connection);
        var applied = ReadJournal(connection);
        Verify(applied);
        var done = new List<string>();
        foreach (var script in Scripts.Where(s => !applied.ContainsKey(s.Name)))
        {
            using var tx = connection.BeginTransaction();
            if (IsRecorded(connection, tx, script.Name))
            {
                // Another runner applied it while this one waited for the write lock (SQLite has no app lock).
                continue;
            }
            foreach (var batch in Batches(script.Sql))
            {
                // Index builds on a large table can outlast SqlClient's 30-second default.
                Execute(connection, tx, batch, ScriptTimeoutSeconds);
            }
            Execute(connection, tx,
                "INSERT INTO schema_journal (name, checksum, applied_at) VALUES (@name, @checksum, @at)",
                ("@name", script.Name), ("@checksum", script.Checksum), ("@at", Now()));
            tx.Commit();
            done.Add(script.Name);
        }
        return done;
    }

    /// <summary>Every shipped script with the instant it was applied, or null when pending.</summary>
    public IReadOnlyList<MigrationStatus> List()
    {
        using var connection = OpenConnection();
        EnsureJournal(connection);
        var applied = ReadJournal(connection);
        Verify(applied);
        return Scripts
            .Select(s => new MigrationStatus(s.Name, s.Checksum,
                applied.TryGetValue(s.Name, out var row) ? row.AppliedAt : null))
            .ToList();
    }

    private void Verify(Dictionary<string, (string Checksum, DateTimeOffset AppliedAt)> applied)
    {
        foreach (var script in Scripts)
        {
            if (applied.TryGetValue(script.Name, out var row) && row.Checksum != script.Checksum)
            {
                throw new MigrationChecksumException(script.Name, row.Checksum, script.Checksum);
            }
        }
    }

    private object Now() => provider == DatabaseProvider.Sqlite
        ? _time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)
        : _time.GetUtcNow().UtcDateTime;

    private void EnsureJournal(DbConnection connection) => Execute(connection, null, provider == DatabaseProvider.Sqlite
        ? "CREATE TABLE IF NOT EXISTS schema_journal (name TEXT NOT NULL PRIMARY KEY, checksum TEXT NOT NULL, applied_at TEXT NOT NULL)"
        : "IF OBJECT_ID(N'schema_journal', N'U') IS NULL CREATE TABLE schema_journal (name NVARCHAR(200) NOT NULL CONSTRAINT pk_schema_journal PRIMARY KEY, checksum CHAR(64) NOT NULL, applied_at DATETIME2(7) NOT NULL)");

    private static bool IsRecorded(DbConnection connection, DbTransaction tx, string name)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = "SELECT COUNT(*) FROM schema_journal WHERE name = @name";
        var p = command.CreateParameter();
        p.ParameterName = "@name";
        p.Value = name;
        command.Parameters.Add(p);
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) > 0;
    }

    private static Dictionary<string, (string Checksum, DateTimeOffset AppliedAt)> ReadJournal(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, checksum, applied_at FROM schema_journal";
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, (string Checksum, DateTimeOffset AppliedAt)>(StringComparer.Ordinal);
        while (reader.Read())
        {
            var at = reader.GetValue(2) switch
            {
                DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
                var other => DateTimeOffset.Parse(Convert.ToString(other, CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture),
            };
            rows[reader.GetString(0)] = (reader.GetString(1).Trim(), at);
        }
        return rows;
    }

    /// <summary>
    /// Serialises concurrent runners (two instances starting at once). SQLite: each script's transaction is
    /// immediate, so a second runner waits for the write lock and then finds the script recorded
    /// (<see cref="IsRecorded"/>). SQL Server: a session app lock around the whole run.
    /// </summary>
    private Release? Lock(DbConnection connection)
    {
        if (provider != DatabaseProvider.SqlServer)
        {
            return null;
        }
        // sp_getapplock reports a timeout or a deadlock in its return value, not as an error, so the result
        // is checked; the command may wait as long as the lock timeout says (the default command timeout is 30 s).
        Execute(connection, null, """
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = N'burgerbaan_migrations', @LockMode = 'Exclusive', @LockOwner = 'Session', @LockTimeout = 60000;
            IF @result < 0
                THROW 50000, N'Another migration run held the burgerbaan_migrations lock for 60 seconds; nothing was applied. Try again.', 1;
            """, LockCommandTimeoutSeconds);
        return new Release(connection);
    }

    private const int LockCommandTimeoutSeconds = 90;
    private const int ScriptTimeoutSeconds = 600;

    private sealed class Release(DbConnection connection) : IDisposable
    {
        public void Dispose() => Execute(connection, null, "EXEC sp_releaseapplock @Resource = N'burgerbaan_migrations', @LockOwner = 'Session'");
    }

    /// <summary>SQL Server scripts may hold several batches separated by a line with only <c>GO</c>.</summary>
    private IEnumerable<string> Batches(string sql) => provider == DatabaseProvider.SqlServer
        ? GoSeparator().Split(sql).Where(b => !string.IsNullOrWhiteSpace(b))
        : [sql];

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex GoSeparator();

    private static void Execute(DbConnection connection, DbTransaction? tx, string sql, params (string Name, object Value)[] parameters) =>
        Execute(connection, tx, sql, null, parameters);

    private static void Execute(DbConnection connection, DbTransaction? tx, string sql, int? timeoutSeconds, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        if (timeoutSeconds is { } timeout)
        {
            command.CommandTimeout = timeout;
        }
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value;
            if (value is DateTime)
            {
                // Left to itself SqlClient sends a DateTime as datetime (3 ms steps); the column is datetime2(7).
                p.DbType = DbType.DateTime2;
            }
            command.Parameters.Add(p);
        }
        command.ExecuteNonQuery();
    }
}
