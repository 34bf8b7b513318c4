using Burgerbaan.Migrations;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Api.Data;

/// <summary>Prepares the database at start-up: WAL for SQLite, then the migrations when switched on.</summary>
public static partial class DatabaseStartup
{
    public static void Prepare(DatabaseSettings settings, ILogger log)
    {
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            CreateFolder(settings.ConnectionString);
            // WAL lets readers work while one writer commits; the setting is stored in the file.
            using var connection = new SqliteConnection(settings.ConnectionString);
            connection.Open();
            connection.Execute("PRAGMA journal_mode=WAL;");
        }
        if (!settings.MigrateOnStartup)
        {
            return;
        }
        var applied = new MigrationRunner(settings.Provider, settings.ConnectionString).Migrate();
        if (applied.Count > 0)
        {
            LogApplied(log, applied.Count, applied[^1]);
        }
    }

    // Only after the settings passed validation: a refused start leaves nothing behind on disk.
    private static void CreateFolder(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory)
        {
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied {Count} migration(s), up to {Last}")]
    private static partial void LogApplied(ILogger logger, int count, string last);
}
