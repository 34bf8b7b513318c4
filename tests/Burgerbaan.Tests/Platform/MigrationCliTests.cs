using Burgerbaan.Migrations;
using Dapper;

namespace Burgerbaan.Tests.Platform;

/// <summary>The migrations CLI's exit codes: 2 for usage, 0 for work done, 1 for a checksum refusal.</summary>
public sealed class MigrationCliTests : IDisposable
{
    private readonly TempSqlite _file = new();

    public void Dispose() => _file.Dispose();

    private long JournalCount()
    {
        using var c = _file.Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'schema_journal'") == 0
            ? 0
            : c.ExecuteScalar<long>("SELECT COUNT(*) FROM schema_journal");
    }

    // Arguments separated by '|' (an attribute cannot hold a string[] directly).
    [Theory]
    [InlineData("")]
    [InlineData("--provider|sqlite")]
    [InlineData("--connection|Data Source=x.db")]
    [InlineData("--provider|oracle|--connection|Data Source=x.db")]
    [InlineData("--provider|sqlite|--connection| ")]
    [InlineData("--provider|sqlite|--connection")]
    [InlineData("--provider|sqlite|--connection|Data Source=x.db|--force")]
    public void Bad_arguments_exit_with_2(string args)
    {
        Assert.Equal(2, Cli.Main(args.Split('|', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public void Bad_arguments_touch_no_database()
    {
        Assert.Equal(2, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString, "--force"]));

        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public void Migrate_exits_with_0_and_applies_every_script_once()
    {
        var shipped = MigrationScript.Embedded(DatabaseProvider.Sqlite).Count;

        Assert.Equal(0, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString]));
        Assert.Equal(shipped, JournalCount());
        Assert.Equal(0, Cli.Main(["--provider", "SQLite", "--connection", _file.ConnectionString]));
        Assert.Equal(shipped, JournalCount());
    }

    [Fact]
    public void List_exits_with_0_and_applies_nothing()
    {
        Assert.Equal(0, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString, "--list"]));

        Assert.Equal(0, JournalCount());
    }

    [Fact]
    public void Changed_script_exits_with_1_and_applies_nothing()
    {
        Assert.Equal(0, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString]));
        // The shipped text cannot change under a test, so the journal is made to remember another text.
        using (var c = _file.Open())
        {
            c.Execute("UPDATE schema_journal SET checksum = @other WHERE name = (SELECT MIN(name) FROM schema_journal)", new { other = new string('0', 64) });
            c.Execute("DROP TABLE api_keys");
        }

        Assert.Equal(1, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString]));
        Assert.Equal(1, Cli.Main(["--provider", "sqlite", "--connection", _file.ConnectionString, "--list"]));
        using var after = _file.Open();
        Assert.Equal(0, after.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE name = 'api_keys'"));
    }
}
