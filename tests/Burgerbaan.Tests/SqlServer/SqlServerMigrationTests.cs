using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Dapper;
using NodaTime;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>The sqlserver scripts and runner on a real SQL Server (skipped without one).</summary>
public sealed class SqlServerMigrationTests
{
    private static IReadOnlyList<MigrationScript> Shipped => MigrationScript.Embedded(DatabaseProvider.SqlServer);

    private static bool TableExists(TemporarySqlServerDatabase database, string name)
    {
        using var c = database.Open();
        return c.ExecuteScalar<int>("SELECT CASE WHEN OBJECT_ID(@name, N'U') IS NULL THEN 0 ELSE 1 END", new { name }) == 1;
    }

    [SqlServerFact]
    public void Migrations_apply_every_script_once_then_nothing()
    {
        using var database = new TemporarySqlServerDatabase();
        var runner = new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString);

        var applied = runner.Migrate();
        var again = new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString).Migrate();
        var listed = runner.List();

        Assert.Equal(Shipped.Select(s => s.Name), applied);
        Assert.Empty(again);
        Assert.Equal(Shipped.Select(s => (s.Name, s.Checksum)), listed.Select(s => (s.Name, s.Checksum)));
        Assert.All(listed, s => Assert.NotNull(s.AppliedAt));
        using var c = database.Open();
        var journal = c.Query<(string Name, string Checksum)>("SELECT name, checksum FROM schema_journal ORDER BY name").ToList();
        Assert.Equal(Shipped.Select(s => (s.Name, s.Checksum)), journal);
        Assert.All(journal, row => Assert.Matches("^[0-9a-f]{64}$", row.Checksum));
        Assert.All(new[] { "organisations", "volunteers", "agreements", "placements", "api_keys" }, t => Assert.True(TableExists(database, t), t));
    }

    [SqlServerFact]
    public void Later_script_with_go_batches_is_applied_whole_and_a_changed_script_is_refused()
    {
        using var database = new TemporarySqlServerDatabase();
        new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString).Migrate();
        // CREATE VIEW must start its batch: this only works when the runner splits on GO.
        var later = new MigrationScript("9000_later.sql",
            "CREATE TABLE later_table (id INT NOT NULL PRIMARY KEY);\r\nGO\r\nCREATE VIEW later_view AS SELECT id FROM later_table;\r\ngo\r\nINSERT INTO later_table (id) VALUES (7);\r\n");

        var applied = new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString) { Scripts = [.. Shipped, later] }.Migrate();
        var tampered = Shipped.Select((s, n) => n == 0 ? new MigrationScript(s.Name, s.Sql + "\n-- edited\n") : s)
            .Append(later).Append(new MigrationScript("9001_more.sql", "CREATE TABLE more_table (id INT NOT NULL PRIMARY KEY);")).ToList();
        var refusal = Assert.Throws<MigrationChecksumException>(() =>
            new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString) { Scripts = tampered }.Migrate());

        Assert.Equal(["9000_later.sql"], applied);
        using var c = database.Open();
        Assert.Equal(7, c.ExecuteScalar<int>("SELECT id FROM later_view"));
        Assert.Contains($"'{Shipped[0].Name}'", refusal.Message, StringComparison.Ordinal);
        Assert.False(TableExists(database, "more_table"));
    }

    [SqlServerFact]
    public void Failing_script_leaves_neither_its_changes_nor_a_journal_row()
    {
        using var database = new TemporarySqlServerDatabase();
        new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString).Migrate();
        var broken = new MigrationScript("9001_broken.sql", "CREATE TABLE half_done (id INT NOT NULL PRIMARY KEY);\nGO\nINSERT INTO no_such_table (id) VALUES (1);\n");

        Assert.ThrowsAny<Microsoft.Data.SqlClient.SqlException>(() =>
            new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString) { Scripts = [.. Shipped, broken] }.Migrate());

        Assert.False(TableExists(database, "half_done"));
        using var c = database.Open();
        Assert.Equal(0, c.ExecuteScalar<int>("SELECT COUNT(*) FROM schema_journal WHERE name = @name", new { name = broken.Name }));
    }

    private sealed class NodaRow
    {
        public int Id { get; init; }
        public LocalDate D { get; init; }
        public LocalDate? Dn { get; init; }
        public Instant I { get; init; }
        public Instant? INull { get; init; }
        public YearMonth Ym { get; init; }
        public YearMonth? YmNull { get; init; }
    }

    [SqlServerFact]
    public void Noda_values_round_trip_through_date_datetime2_and_char7()
    {
        using var database = new TemporarySqlServerDatabase();
        NodaTypeHandlers.Register();
        using var c = database.Open();
        c.Execute("CREATE TABLE noda (id INT NOT NULL PRIMARY KEY, d DATE NOT NULL, dn DATE NULL, i DATETIME2(7) NOT NULL, i_null DATETIME2(7) NULL, ym CHAR(7) NOT NULL, ym_null CHAR(7) NULL)");
        const string insert = "INSERT INTO noda (id, d, dn, i, i_null, ym, ym_null) VALUES (@Id, @D, @Dn, @I, @INull, @Ym, @YmNull)";
        const string select = "SELECT id AS Id, d AS D, dn AS Dn, i AS I, i_null AS INull, ym AS Ym, ym_null AS YmNull FROM noda WHERE id = @id";
        var full = new NodaRow
        {
            Id = 1, D = new LocalDate(2025, 3, 14), Dn = new LocalDate(1999, 12, 31),
            I = Instant.FromUtc(2025, 3, 14, 9, 30, 15).PlusTicks(1_234_567), INull = Instant.FromUtc(2024, 2, 29, 23, 59, 59),
            Ym = new YearMonth(2025, 3), YmNull = new YearMonth(2024, 12),
        };
        var empty = new NodaRow { Id = 2, D = new LocalDate(2025, 1, 1), I = Instant.FromUtc(2025, 1, 1, 0, 0), Ym = new YearMonth(2025, 1) };
        c.Execute(insert, full);
        c.Execute(insert, empty);

        var readFull = c.QuerySingle<NodaRow>(select, new { id = 1 });
        var readEmpty = c.QuerySingle<NodaRow>(select, new { id = 2 });
        var matched = c.ExecuteScalar<int>("SELECT id FROM noda WHERE d = @d AND i = @i AND ym = @ym", new { d = full.D, i = full.I, ym = full.Ym });

        Assert.Equal((full.D, full.Dn, full.I, full.INull, full.Ym, full.YmNull), (readFull.D, readFull.Dn, readFull.I, readFull.INull, readFull.Ym, readFull.YmNull));
        Assert.Equal((empty.D, (LocalDate?)null, empty.I, (Instant?)null, empty.Ym, (YearMonth?)null), (readEmpty.D, readEmpty.Dn, readEmpty.I, readEmpty.INull, readEmpty.Ym, readEmpty.YmNull));
        Assert.Equal(1, matched);
    }
}
