using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Microsoft.Data.Sqlite;
using Polly;

namespace Burgerbaan.Tests.Platform;

/// <summary>
/// A SQLite file of its own for tests below the HTTP layer (runner, Db, type handlers). Pooling is off
/// so the file can be deleted without clearing every pool in the process.
/// </summary>
public sealed class TempSqlite : IDisposable
{
    public TempSqlite()
    {
        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "burgerbaan-tests");
        Directory.CreateDirectory(folder);
        Path = System.IO.Path.Combine(folder, "platform-" + Guid.NewGuid().ToString("n") + ".db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path};Pooling=False;Foreign Keys=True";

    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>A <see cref="Db"/> over this file whose retries wait a millisecond, not the production backoff.</summary>
    public Db Db(ResiliencePipeline? pipeline = null, bool groupCommit = true) => DbFor(ConnectionString, pipeline, groupCommit);

    public static Db DbFor(string connectionString, ResiliencePipeline? pipeline = null, bool groupCommit = true) =>
        new(new DatabaseSettings(DatabaseProvider.Sqlite, connectionString, MigrateOnStartup: false, groupCommit),
            pipeline ?? Transient.Pipeline(TimeSpan.FromMilliseconds(1)));

    public TempSqlite Migrated()
    {
        new MigrationRunner(DatabaseProvider.Sqlite, ConnectionString).Migrate();
        return this;
    }

    public void Dispose()
    {
        foreach (var suffix in new[] { "", "-wal", "-shm", "-journal" })
        {
            try
            {
                File.Delete(Path + suffix);
            }
            catch (IOException)
            {
                // Left for the OS temp cleaner.
            }
        }
    }
}
