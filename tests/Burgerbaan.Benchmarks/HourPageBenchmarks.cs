using System.Data.Common;
using BenchmarkDotNet.Attributes;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Benchmarks;

/// <summary>
/// One page of <c>GET /v1/hours?volunteerId=</c> (50 rows and the one that says more follow) read on the service's own
/// prepared read connection, mapped to the contract: Dapper's mapping against the typed row reader, same statement,
/// same file (migrated by the production migrations and seeded as the load script does, 10,000 entries).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes through [GlobalCleanup].")]
public class HourPageBenchmarks
{
    private string _file = "";
    private ReadConnections _pool = null!;
    private ReadConnection _connection = null!;
    private string _sql = "";
    private object[] _argsOf = null!;
    private int _turn;
    private object _args = null!;

    /// <summary>Entries in the file (a hundred per volunteer): at a million, one volunteer's rows lie on as many table pages.</summary>
    [Params(10_000, 1_000_000)]
    public int Entries { get; set; }

    /// <summary>0: SQLite reads pages with read(2) into its own cache (as the service does); otherwise it maps that many
    /// bytes of the file. The service tried mapping and left it: it cut a page's CPU, but each read connection maps the
    /// file on its own and the API's RSS rose to 1.1 GB over the load script's million entries (tests/load/README.md).</summary>
    [Params(0L, 268_435_456L)]
    public long MmapSize { get; set; }
    private List<HourSql.Row> _rows = null!;
    private Page<HourEntryResponse> _page = null!;
    private System.Text.Json.JsonSerializerOptions _json = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        NodaTypeHandlers.Register();
        _file = Path.Combine(Path.GetTempPath(), $"burgerbaan-bench-{Guid.NewGuid():N}.db");
        var cs = new SqliteConnectionStringBuilder { DataSource = _file }.ToString();
        new MigrationRunner(DatabaseProvider.Sqlite, cs).Migrate();
        var volunteers = Entries / 100;
        await ListSeeder.RunAsync([_file, volunteers.ToString(System.Globalization.CultureInfo.InvariantCulture), Entries.ToString(System.Globalization.CultureInfo.InvariantCulture), "100"]);
        _pool = new ReadConnections(cs);
        _connection = await _pool.RentAsync(CancellationToken.None);
        _connection.Execute($"PRAGMA mmap_size = {MmapSize}");
        var first = _connection.ExecuteScalar<long>("SELECT MIN(id) FROM volunteers");
        // Fifty volunteers spread over the registry, one after the other, as the load script asks for them.
        _argsOf = Enumerable.Range(0, 50).Select(k =>
            new HourEndpoints.ListCriteria(null, null, first + k * volunteers / 50, null, null, null).Args(0, 51)).ToArray();
        _sql = new HourEndpoints.ListCriteria(null, null, first, null, null, null).Sql(new SqlDialect(DatabaseProvider.Sqlite));
        _args = _argsOf[0];
        _rows = TypedRows();
        _page = Mapping_only();
        _json = new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web);
        _json.TypeInfoResolverChain.Insert(0, HotJsonContext.Default);
        NodaTimeJson.Configure(_json);
    }

    private object Next() => _argsOf[_turn++ % _argsOf.Length];

    [GlobalCleanup]
    public void Cleanup()
    {
        _pool.Return(_connection, reusable: false);
        _pool.Dispose();
        SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }

    [Benchmark(Baseline = true)]
    public Page<HourEntryResponse> Dapper_mapping()
    {
        var rows = _connection.Query<HourSql.Row>(_sql, Next()).AsList();
        return Paging.ToPage(rows, 50, r => r.Id, r => r.ToResponse());
    }

    [Benchmark]
    public Page<HourEntryResponse> Typed_reader()
    {
        var rows = new List<HourSql.Row>(51);
        using (var reader = (DbDataReader)_connection.ExecuteReader(_sql, Next()))
        {
            while (reader.Read())
            {
                rows.Add(HourSql.Row.Read(reader));
            }
        }
        return Paging.ToPage(rows, 50, r => r.Id, r => r.ToResponse());
    }

    [Benchmark]
    public int Typed_rows_only() => TypedRows().Count;

    private List<HourSql.Row> TypedRows()
    {
        var rows = new List<HourSql.Row>(51);
        using (var reader = (DbDataReader)_connection.ExecuteReader(_sql, Next()))
        {
            while (reader.Read())
            {
                rows.Add(HourSql.Row.Read(reader));
            }
        }
        return rows;
    }

    [Benchmark]
    public Page<HourEntryResponse> Mapping_only() => Paging.ToPage(_rows, 50, r => r.Id, r => r.ToResponse());

    [Benchmark]
    public byte[] Json_only() => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(_page, _json);

    [Benchmark]
    public int Statement_only()
    {
        var n = 0;
        using (var reader = (DbDataReader)_connection.ExecuteReader(_sql, Next()))
        {
            while (reader.Read())
            {
                n++;
            }
        }
        return n;
    }
}
