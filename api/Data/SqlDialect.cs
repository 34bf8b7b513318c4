using Burgerbaan.Migrations;

namespace Burgerbaan.Api.Data;

/// <summary>The few places where SQLite and SQL Server SQL differ; everything else is shared text.</summary>
public sealed class SqlDialect(DatabaseProvider provider)
{
    public DatabaseProvider Provider { get; } = provider;

    public bool IsSqlite => Provider == DatabaseProvider.Sqlite;

    /// <summary>Appended after an INSERT in the same batch: the new row's id.</summary>
    public string SelectInsertedId => IsSqlite ? "SELECT last_insert_rowid();" : "SELECT CAST(SCOPE_IDENTITY() AS BIGINT);";

    /// <summary>
    /// After ORDER BY: at most <paramref name="parameter"/> rows. On SQLite the limit is an expression, not the bare
    /// parameter: SQLite (3.53, the bundled one) lets a bare parameter's value into the plan and then marks the statement
    /// to be prepared again whenever that parameter is bound, which the driver does on every execution, so every list
    /// page and every payout's sponsorship read was compiled anew (a keyset page statement 16.4 -> 6.0 us, the
    /// sponsorship read 35 -> 12 us; tests/load/README.md). <c>+ 0</c> gives the same count (a NULL or non-integer limit
    /// is refused alike). <c>LimitTests</c> pins that a statement with a limit is not prepared again.
    /// </summary>
    public string Limit(string parameter) =>
        IsSqlite ? $"LIMIT {parameter} + 0" : $"OFFSET 0 ROWS FETCH NEXT {parameter} ROWS ONLY";

    /// <summary>
    /// A table read that holds its rows until commit. SQLite write transactions are already exclusive
    /// (BEGIN IMMEDIATE), so only SQL Server needs the hint.
    /// </summary>
    public string Locked(string table) => IsSqlite ? table : table + " WITH (UPDLOCK, HOLDLOCK)";

    /// <summary>Inserts one row unless a row matching <paramref name="keyPredicate"/> exists (a race-free upsert seed).</summary>
    public string InsertIfAbsent(string table, string columns, string values, string keyPredicate) => IsSqlite
        ? $"INSERT INTO {table} ({columns}) VALUES ({values}) ON CONFLICT DO NOTHING"
        : $"INSERT INTO {table} ({columns}) SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {keyPredicate})";

    /// <summary>The month (<c>yyyy-MM</c> text) of a date column: SQLite keeps dates as ISO text, SQL Server as <c>date</c> (style 126 is ISO 8601).</summary>
    public string MonthOf(string dateColumn) => IsSqlite ? $"substr({dateColumn}, 1, 7)" : $"CONVERT(char(7), {dateColumn}, 126)";

    /// <summary>
    /// The values of a JSON array passed as one parameter, usable as <c>x IN (...)</c>: one statement text
    /// and one parameter for any number of values, where a list of parameters would be parsed anew each time.
    /// </summary>
    public string JsonValues(string parameter) => IsSqlite
        ? $"SELECT value FROM json_each({parameter})"
        : $"SELECT value FROM OPENJSON({parameter})";
}
