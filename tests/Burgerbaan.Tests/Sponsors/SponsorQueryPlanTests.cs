using Burgerbaan.Api.Data;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>
/// The sponsor lists, planned by SQLite on the production schema (see <see cref="Burgerbaan.Api.Common.KeysetPage"/>): each
/// filter reads its index (or the primary key) in id order with the cursor bound in the search, never a scan, never a sort.
/// </summary>
public sealed class SponsorQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite);

    public static TheoryData<string, string, string> Lists() => new()
    {
        // list and filters, table, the index that must serve it ("pk": the primary key walked from the cursor; "pk=": one row)
        { "sponsors", "sponsors", "pk" },
        { "sponsors own", "sponsors", "pk=" },
        { "obligations", "sroi_obligations", "ix_sroi_obligations_sponsor" },
        { "allocations", "sponsor_allocations", "ix_sponsor_allocations_sponsorship" },
        { "sponsorships", "sponsorships", "pk" },
        { "sponsorships sponsor", "sponsorships", "ix_sponsorships_sponsor" },
        { "sponsorships own", "sponsorships", "ix_sponsorships_sponsor" },
        { "sponsorships own sponsor", "sponsorships", "ix_sponsorships_sponsor" },
        { "sponsorships obligation", "sponsorships", "ix_sponsorships_obligation" },
        { "sponsorships status", "sponsorships", "ix_sponsorships_status" },
        { "sponsorships own status", "sponsorships", "ix_sponsorships_sponsor" },
        { "sponsorships obligation status", "sponsorships", "ix_sponsorships_obligation" },
    };

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Sponsor_lists_read_through_their_index_in_id_order(string filters, string table, string index)
    {
        var given = filters.Split(' ');
        var (sql, args) = given[0] switch
        {
            "sponsors" => (SponsorEndpoints.ListSql(given.Contains("own"), Sqlite), (object)new { after = 10L, take = 51, sponsor = 3L }),
            "obligations" => (ObligationEndpoints.ListSql(Sqlite), new { after = 10L, take = 51, sponsorId = 3L }),
            "allocations" => (AllocationEndpoints.ListSql(Sqlite), new { after = 10L, take = 51, sponsorshipId = 3L }),
            _ => Sponsorships(given),
        };

        var plan = await Plan(sql, args);

        var step = Assert.Single(plan, d => d.StartsWith($"SEARCH {table} ", StringComparison.Ordinal) || d.StartsWith($"SCAN {table}", StringComparison.Ordinal));
        var expected = index switch
        {
            "pk" => $"SEARCH {table} USING INTEGER PRIMARY KEY (rowid>?)",
            "pk=" => $"SEARCH {table} USING INTEGER PRIMARY KEY (rowid=?)",
            _ => $"SEARCH {table} USING INDEX {index} (",
        };
        Assert.True(step.StartsWith(expected, StringComparison.Ordinal) && (index == "pk=" || step.Contains("id>?)", StringComparison.Ordinal)),
            $"expected {expected} ... id>?), planned: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN ", StringComparison.Ordinal) || d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private static (string, object) Sponsorships(string[] given)
    {
        var criteria = new SponsorshipEndpoints.ListCriteria(given.Contains("sponsor") ? 3 : null, given.Contains("own") ? 3 : null,
            given.Contains("obligation") ? 4 : null, given.Contains("status") ? SponsorshipStatus.Invoiced : null);
        return (criteria.Sql(Sqlite), criteria.Args(10, 51));
    }

    private async Task<List<string>> Plan(string sql, object args)
    {
        _ = api.Anonymous(); // starts the service, which migrates the file
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Detail).ToList();
    }
}
