using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;

namespace Burgerbaan.Tests.Platform;

/// <summary>The migration runner on real SQLite files: journal, idempotence, checksum refusal, later scripts.</summary>
public sealed class MigrationRunnerTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2025, 3, 14, 9, 0, 0, TimeSpan.Zero);

    private readonly TempSqlite _file = new();

    public void Dispose() => _file.Dispose();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private MigrationRunner Runner(IReadOnlyList<MigrationScript>? scripts = null) =>
        new(DatabaseProvider.Sqlite, _file.ConnectionString, new FixedTime(Now)) { Scripts = scripts ?? Shipped };

    private static IReadOnlyList<MigrationScript> Shipped => MigrationScript.Embedded(DatabaseProvider.Sqlite);

    private sealed record JournalRow(string Name, string Checksum, string AppliedAt);

    private List<JournalRow> Journal()
    {
        using var c = _file.Open();
        return c.Query<JournalRow>("SELECT name AS Name, checksum AS Checksum, applied_at AS AppliedAt FROM schema_journal ORDER BY name").ToList();
    }

    private bool TableExists(string name)
    {
        using var c = _file.Open();
        return c.ExecuteScalar<long>("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @name", new { name }) == 1;
    }

    [Fact]
    public void Fresh_database_gets_every_script_and_a_journal_row_for_each()
    {
        var applied = Runner().Migrate();

        Assert.NotEmpty(Shipped);
        Assert.Equal(Shipped.Select(s => s.Name), applied);
        var journal = Journal();
        Assert.Equal(Shipped.Select(s => s.Name), journal.Select(r => r.Name));
        Assert.All(journal, row =>
        {
            Assert.Matches("^[0-9a-f]{64}$", row.Checksum);
            Assert.Equal(Shipped.Single(s => s.Name == row.Name).Checksum, row.Checksum);
            Assert.Equal(Now, DateTimeOffset.Parse(row.AppliedAt, System.Globalization.CultureInfo.InvariantCulture));
        });
        Assert.True(TableExists("volunteers"));
        Assert.True(TableExists("api_keys"));
    }

    [Fact]
    public void Second_run_applies_nothing_and_leaves_the_journal_alone()
    {
        Runner().Migrate();
        var before = Journal();

        var again = new MigrationRunner(DatabaseProvider.Sqlite, _file.ConnectionString, new FixedTime(Now.AddDays(1))).Migrate();

        Assert.Empty(again);
        Assert.Equal(before, Journal());
    }

    [Fact]
    public void List_shows_pending_scripts_before_and_applied_scripts_after()
    {
        var pending = Runner().List();
        Runner().Migrate();
        var applied = Runner().List();

        Assert.Equal(Shipped.Select(s => (s.Name, s.Checksum, (DateTimeOffset?)null)), pending.Select(s => (s.Name, s.Checksum, s.AppliedAt)));
        Assert.Equal(Shipped.Select(s => (s.Name, s.Checksum, (DateTimeOffset?)Now)), applied.Select(s => (s.Name, s.Checksum, s.AppliedAt)));
    }

    [Fact]
    public void Changed_applied_script_is_refused_by_name_and_nothing_further_is_applied()
    {
        Runner().Migrate();
        var before = Journal();
        var first = Shipped[0];
        var tampered = new List<MigrationScript> { first with { Sql = first.Sql + "\n-- edited after release\n" } };
        tampered.AddRange(Shipped.Skip(1));
        tampered.Add(new MigrationScript("9000_later.sql", "CREATE TABLE later_table (id INTEGER PRIMARY KEY);"));

        var refusal = Assert.Throws<MigrationChecksumException>(() => Runner(tampered).Migrate());

        Assert.Contains($"'{first.Name}'", refusal.Message, StringComparison.Ordinal);
        Assert.Contains(first.Checksum, refusal.Message, StringComparison.Ordinal);
        Assert.Equal(before, Journal());
        Assert.False(TableExists("later_table"));
        Assert.Throws<MigrationChecksumException>(() => Runner(tampered).List());
    }

    [Fact]
    public void Script_added_later_is_applied_on_the_next_run_only()
    {
        Runner().Migrate();
        var later = new MigrationScript("9000_later.sql", "CREATE TABLE later_table (id INTEGER PRIMARY KEY);\nINSERT INTO later_table (id) VALUES (7);");
        var scripts = Shipped.Append(later).ToList();

        var applied = Runner(scripts).Migrate();
        var again = Runner(scripts).Migrate();

        Assert.Equal(["9000_later.sql"], applied);
        Assert.Empty(again);
        Assert.Equal(later.Checksum, Journal().Single(r => r.Name == "9000_later.sql").Checksum);
        using var c = _file.Open();
        Assert.Equal(7, c.ExecuteScalar<long>("SELECT id FROM later_table"));
    }

    [Fact]
    public void Failing_script_leaves_neither_its_changes_nor_a_journal_row()
    {
        Runner().Migrate();
        var broken = new MigrationScript("9001_broken.sql", "CREATE TABLE half_done (id INTEGER PRIMARY KEY);\nINSERT INTO no_such_table (id) VALUES (1);");

        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => Runner(Shipped.Append(broken).ToList()).Migrate());

        Assert.False(TableExists("half_done"));
        Assert.DoesNotContain(Journal(), r => r.Name == broken.Name);
    }

    [Fact]
    public async Task Runner_that_waited_for_another_runner_does_not_apply_its_scripts_again()
    {
        Runner().List(); // creates the empty journal
        // Another runner (here: by hand) holds the write lock while it applies every script...
        var other = _file.Open();
        var held = other.BeginTransaction(deferred: false);
        foreach (var script in Shipped)
        {
            other.Execute(script.Sql, transaction: held);
            other.Execute("INSERT INTO schema_journal (name, checksum, applied_at) VALUES (@Name, @Checksum, '2025-03-14T08:00:00Z')", script, held);
        }
        // ...while this one has read the journal (all pending) and queues for the lock.
        var waiting = Task.Run(() => Runner().Migrate());
        await Task.WhenAny(waiting, Task.Delay(500));
        held.Commit();
        other.Dispose();

        Assert.Empty(await waiting);
        Assert.Equal(Shipped.Select(s => s.Name), Journal().Select(r => r.Name));
    }

    [Fact]
    public void Crlf_copy_of_a_script_has_the_same_checksum_and_is_not_a_change()
    {
        Runner().Migrate();
        var crlf = Shipped.Select(s => new MigrationScript(s.Name, s.Sql.ReplaceLineEndings("\n").Replace("\n", "\r\n", StringComparison.Ordinal))).ToList();

        Assert.All(crlf.Zip(Shipped), pair =>
        {
            Assert.Contains("\r\n", pair.First.Sql, StringComparison.Ordinal);
            Assert.Equal(pair.Second.Checksum, pair.First.Checksum);
        });
        Assert.Empty(Runner(crlf).Migrate());
    }

    [Fact]
    public void Checksum_is_sha256_of_the_lf_text()
    {
        var script = new MigrationScript("x.sql", "SELECT 1;\r\n");

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("SELECT 1;\n"u8)), script.Checksum);
        Assert.NotEqual(script.Checksum, new MigrationScript("x.sql", "SELECT 2;\n").Checksum);
        Assert.Equal(new MigrationScript("x.sql", "SELECT 2;\n").Checksum, (script with { Sql = "SELECT 2;\n" }).Checksum);
    }

    [Fact]
    public void Both_providers_ship_the_same_script_names_and_every_file_is_embedded()
    {
        var sqlite = MigrationScript.Embedded(DatabaseProvider.Sqlite).Select(s => s.Name).ToList();
        var sqlServer = MigrationScript.Embedded(DatabaseProvider.SqlServer).Select(s => s.Name).ToList();
        string[] OnDisk(string folder) => Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "db-migrations", folder), "*.sql")
            .Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;

        Assert.NotEmpty(sqlite);
        Assert.Equal(sqlite, sqlServer);
        Assert.Equal(OnDisk("sqlite"), sqlite);
        Assert.Equal(OnDisk("sqlserver"), sqlServer);
        Assert.All(sqlite, name => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", name));
        Assert.All(MigrationScript.Embedded(DatabaseProvider.SqlServer), s => Assert.False(string.IsNullOrWhiteSpace(s.Sql)));
    }
}
