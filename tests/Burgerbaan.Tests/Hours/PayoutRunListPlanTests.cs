using Burgerbaan.Api.Data;
using Burgerbaan.Api.PayoutRuns;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.Hours;

/// <summary>The run list filtered by period is served by the (period, id) index, not a scan.</summary>
public sealed class PayoutRunListPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Listing_runs_of_one_period_uses_the_period_index()
    {
        _ = api.Anonymous();
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();

        var plan = (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + PayoutRunEndpoints.ListSql(true, new SqlDialect(DatabaseProvider.Sqlite)),
            new { period = "2025-03", after = 0L, take = 51 })).Select(r => r.Detail).ToList();

        Assert.Equal(["SEARCH payout_runs USING INDEX ix_payout_runs_period (period=? AND id>?)"], plan);
    }
}

/// <summary>A run's chunk finds its volunteers by seeking each one's month, not by reading the month's whole unpaid index.</summary>
public sealed class PayoutRunChunkPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_chunk_walks_volunteers_from_the_cursor_and_seeks_their_hours_of_the_month()
    {
        _ = api.Anonymous();
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();

        var plan = (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + RunPlan.ChunkVolunteersSql(new SqlDialect(DatabaseProvider.Sqlite)),
            new { first = "2025-03-01", last = "2025-03-31", after = 0L, take = 100 })).Select(r => r.Detail).ToList();

        Assert.Equal(["SEARCH v USING INTEGER PRIMARY KEY (rowid>?)",
            "SEARCH h EXISTS USING INDEX ix_hours_volunteer_date (volunteer_id=? AND date>? AND date<?)"], plan);
    }
}
