using Burgerbaan.Api.Data;
using Burgerbaan.Api.Placements;
using Burgerbaan.Api.SelfService;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// The two /v1/me lists with a statement of their own, planned by SQLite on the production schema: each page is read from
/// its (volunteer_id, id) index in id order, never a scan, never a sort (the other /v1/me lists run the owning resources'
/// statements, which ListQueryPlanTests holds).
/// </summary>
public sealed class SelfServiceQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite);

    [Fact]
    public async Task My_placements_are_read_from_the_volunteer_index_in_id_order()
    {
        var plan = await Plan(VolunteerPlacements.ListSql(Sqlite), new { volunteer = 3, after = 10, take = 51 });

        AssertSearch(plan, "p", "ix_placements_volunteer");
    }

    [Fact]
    public async Task My_sponsor_consents_are_read_from_the_volunteer_index_of_migration_0014_in_id_order()
    {
        var plan = await Plan(SponsorConsents.ListSql(Sqlite), new { volunteer = 3, after = 10, take = 51 });

        AssertSearch(plan, "a", "ix_sponsor_allocations_volunteer_id");
    }

    private async Task<List<string>> Plan(string sql, object args)
    {
        _ = api.Anonymous(); // starts the service, which migrates the file
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Detail).ToList();
    }

    private static void AssertSearch(List<string> plan, string table, string index)
    {
        var step = Assert.Single(plan, d => d.StartsWith($"SEARCH {table} ", StringComparison.Ordinal) || d.StartsWith($"SCAN {table}", StringComparison.Ordinal));
        Assert.True(step.StartsWith($"SEARCH {table} USING INDEX {index} (volunteer_id=? AND ", StringComparison.Ordinal)
            && step.Contains("id>?)", StringComparison.Ordinal),
            $"expected the search of {index}, planned: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
