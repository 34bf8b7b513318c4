using Burgerbaan.Api.Applications;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Faq;
using Burgerbaan.Api.Opportunities;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Website;

/// <summary>
/// The website's lists, planned by SQLite on the production schema (migration 0013): each filter reads through its index
/// in id (or category, position) order, never a scan of the table and never a sort, so a page costs what it returns.
/// </summary>
public sealed class WebsiteQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly SqlDialect Sqlite = new(DatabaseProvider.Sqlite);

    [Theory]
    [InlineData(false, "SEARCH applications USING INTEGER PRIMARY KEY (rowid>?)")]
    [InlineData(true, "SEARCH applications USING INDEX ix_applications_status (status=? AND id>?)")]
    public async Task Applications_list_reads_through_its_index_in_id_order(bool byStatus, string expected)
    {
        var plan = await Plan(ApplicationEndpoints.ListSql(byStatus, Sqlite), new { after = 10L, status = "new", take = 51 });

        AssertPlan(plan, expected);
    }

    [Theory]
    [InlineData(false, false, false, false)]
    [InlineData(false, true, false, false)]
    [InlineData(false, false, true, false)]
    [InlineData(false, false, false, true)]
    [InlineData(false, true, true, true)]
    public async Task Public_opportunities_walk_the_published_index_in_id_order(bool tag, bool neighbourhood, bool q, bool hours)
    {
        var plan = await Plan(OpportunityEndpoints.PublicSql(tag, neighbourhood, q, hours, Sqlite),
            new { after = 10L, tag = "koken", neighbourhood = "Haven", q = "%tuin%", hours = 8, take = 51 });

        AssertPlan(plan, "SEARCH o USING INDEX ix_opportunities_status (status=? AND id>?)");
        Assert.Contains("SEARCH g USING INTEGER PRIMARY KEY (rowid=?)", plan);
    }

    /// <summary>A tag drives the walk: its ids, in order, from opportunity_tags' key, each checked against the published index.</summary>
    [Fact]
    public async Task Public_opportunities_by_tag_read_the_tag_index_and_no_scan()
    {
        var plan = await Plan(OpportunityEndpoints.PublicSql(true, false, false, false, Sqlite), new { after = 10L, tag = "koken", take = 51 });

        Assert.Contains(plan, d => d.StartsWith("SEARCH t USING PRIMARY KEY (tag=?", StringComparison.Ordinal)
            || d.StartsWith("SEARCH t USING COVERING INDEX", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(false, "SEARCH faq_entries USING INDEX ix_faq_public (lang=?)")]
    [InlineData(true, "SEARCH faq_entries USING INDEX ix_faq_public (lang=? AND category=?)")]
    public async Task Public_faq_reads_the_partial_index_in_category_and_position_order(bool byCategory, string expected)
    {
        var plan = await Plan(FaqEndpoints.PublicSql(byCategory, Sqlite), new { lang = "nl", category = "Geld", take = 500 });

        AssertPlan(plan, expected);
    }

    private async Task<List<string>> Plan(string sql, object args)
    {
        _ = api.Anonymous(); // starts the service, which migrates the file
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, args))
            .Select(r => r.Detail).ToList();
    }

    private static void AssertPlan(List<string> plan, string expected)
    {
        Assert.True(plan.Contains(expected), $"expected {expected}, planned: {string.Join(" | ", plan)}");
        Assert.DoesNotContain(plan, d => d.StartsWith("SCAN ", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, d => d.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }
}
