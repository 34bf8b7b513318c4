using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Tests.Platform;

/// <summary>The Dapper type handlers against a real SQLite file: what goes in comes out, nulls included.</summary>
public sealed class NodaTypeHandlerTests : IDisposable
{
    private readonly TempSqlite _file = new();

    public NodaTypeHandlerTests()
    {
        NodaTypeHandlers.Register();
        using var c = _file.Open();
        c.Execute("CREATE TABLE t (id INTEGER PRIMARY KEY, d TEXT NOT NULL, dn TEXT NULL, i TEXT NOT NULL, i_null TEXT NULL, ym TEXT NOT NULL, ym_null TEXT NULL)");
    }

    public void Dispose() => _file.Dispose();

    internal sealed class Row
    {
        public long Id { get; init; }
        public LocalDate D { get; init; }
        public LocalDate? Dn { get; init; }
        public Instant I { get; init; }
        public Instant? INull { get; init; }
        public YearMonth Ym { get; init; }
        public YearMonth? YmNull { get; init; }
    }

    private const string Insert = "INSERT INTO t (id, d, dn, i, i_null, ym, ym_null) VALUES (@Id, @D, @Dn, @I, @INull, @Ym, @YmNull)";
    private const string Select = "SELECT id AS Id, d AS D, dn AS Dn, i AS I, i_null AS INull, ym AS Ym, ym_null AS YmNull FROM t WHERE id = @id";

    [Fact]
    public void Values_round_trip_through_the_file()
    {
        var written = new Row
        {
            Id = 1,
            D = new LocalDate(2025, 3, 14),
            Dn = new LocalDate(1999, 12, 31),
            I = Instant.FromUtc(2025, 3, 14, 9, 30, 15).PlusTicks(1_234_567),
            INull = Instant.FromUtc(2024, 2, 29, 23, 59, 59),
            Ym = new YearMonth(2025, 3),
            YmNull = new YearMonth(2024, 12),
        };
        using var c = _file.Open();
        c.Execute(Insert, written);

        var read = c.QuerySingle<Row>(Select, new { id = 1 });

        Assert.Equal(written.D, read.D);
        Assert.Equal(written.Dn, read.Dn);
        Assert.Equal(written.I, read.I);
        Assert.Equal(written.INull, read.INull);
        Assert.Equal(written.Ym, read.Ym);
        Assert.Equal(written.YmNull, read.YmNull);
    }

    [Fact]
    public void Nulls_round_trip_as_sql_null()
    {
        using var c = _file.Open();
        c.Execute(Insert, new Row { Id = 2, D = new LocalDate(2025, 1, 1), I = Instant.FromUtc(2025, 1, 1, 0, 0), Ym = new YearMonth(2025, 1) });

        var read = c.QuerySingle<Row>(Select, new { id = 2 });
        var nulls = c.QuerySingle<long>("SELECT (dn IS NULL) + (i_null IS NULL) + (ym_null IS NULL) FROM t WHERE id = 2");

        Assert.Null(read.Dn);
        Assert.Null(read.INull);
        Assert.Null(read.YmNull);
        Assert.Equal(3, nulls);
    }

    [Fact]
    public void Dates_and_months_are_stored_as_iso_text_that_sorts_as_the_values_do()
    {
        using var c = _file.Open();
        var dates = new[] { new LocalDate(2025, 10, 1), new LocalDate(2025, 2, 28), new LocalDate(1999, 12, 31) };
        for (var n = 0; n < dates.Length; n++)
        {
            c.Execute(Insert, new Row { Id = 10 + n, D = dates[n], I = Instant.FromUtc(2025, 3, 14, 9, 0, 1) - Duration.FromMilliseconds(500 * n), Ym = new YearMonth(2025, 10 - (n * 3)) });
        }

        var stored = c.QuerySingle<(string D, string Ym)>("SELECT d, ym FROM t WHERE id = 11");
        var byDate = c.Query<LocalDate>("SELECT d FROM t WHERE id >= 10 ORDER BY d").ToList();
        var byInstant = c.Query<Instant>("SELECT i FROM t WHERE id >= 10 ORDER BY i").ToList();
        var filtered = c.Query<LocalDate>("SELECT d FROM t WHERE id >= 10 AND d >= @from", new { from = new LocalDate(2025, 2, 28) }).Order().ToList();

        Assert.Equal(("2025-02-28", "2025-07"), stored);
        Assert.Equal(dates.Order(), byDate);
        Assert.Equal([Instant.FromUtc(2025, 3, 14, 9, 0), Instant.FromUtc(2025, 3, 14, 9, 0).PlusNanoseconds(500_000_000), Instant.FromUtc(2025, 3, 14, 9, 0, 1)], byInstant);
        Assert.Equal([new LocalDate(2025, 2, 28), new LocalDate(2025, 10, 1)], filtered);
    }
}
