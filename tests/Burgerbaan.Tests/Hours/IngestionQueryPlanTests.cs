using Burgerbaan.Api.Data;
using Burgerbaan.Api.Hours;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Hours;

/// <summary>
/// The reads around the hours' indexes after 0020: the ingestion's day totals read the (volunteer_id, date, minutes)
/// index alone, and a placement's month summary finds its entries by (placement_id, id), the index that replaced
/// (placement_id, date). A later change that sends either to the table or to a scan fails here.
/// </summary>
public sealed class IngestionQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task<List<string>> PlanAsync(string sql, object args)
    {
        _ = api.Anonymous();
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Detail).ToList();
    }

    [Fact]
    public async Task The_day_totals_of_an_ingested_batch_read_the_covering_index_only()
    {
        var plan = await PlanAsync(HourIngestion.DayTotalsSql(new SqlDialect(DatabaseProvider.Sqlite)),
            new { volunteers = new[] { 1L, 2L, 3L }, first = "2025-03-01", last = "2025-03-20" });

        Assert.Equal(["SEARCH hour_entries USING COVERING INDEX ix_hours_volunteer_date (volunteer_id=? AND date>? AND date<?)"], plan);
    }

    [Fact]
    public async Task A_placements_month_summary_seeks_the_placement_and_no_index_on_placement_and_date_is_left()
    {
        var plan = await PlanAsync(HourEndpoints.SummarySql, new { id = 1L, first = "2025-03-01", last = "2025-03-31" });

        Assert.Contains("SEARCH hour_entries USING INDEX ix_hours_placement (placement_id=?)", plan);
        Assert.DoesNotContain(plan, step => step.StartsWith("SCAN hour_entries", StringComparison.Ordinal));
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        Assert.Empty(await c.QueryAsync<string>("SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'ix_hours_placement_date'"));
    }
}
