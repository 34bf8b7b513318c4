using Burgerbaan.Api.Data;
using Burgerbaan.Api.PaymentBatches;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>The batch list by status reads the (status, id) index of migration 0016 in id order, without a scan or a sort.</summary>
public sealed class PaymentBatchQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Listing_batches_of_one_status_uses_the_status_index()
    {
        _ = api.Anonymous();
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();

        var plan = (await c.QueryAsync<(long Id, long Parent, long NotUsed, string Detail)>(
            "EXPLAIN QUERY PLAN " + PaymentBatchEndpoints.ListSql(true, new SqlDialect(DatabaseProvider.Sqlite)),
            new { status = "open", after = 0L, take = 51 })).Select(r => r.Detail).ToList();

        Assert.Equal(["SEARCH payment_batches USING INDEX ix_payment_batches_status (status=? AND id>?)"], plan);
    }
}
