using Burgerbaan.Api.Data;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Data;

/// <summary>Read connections skip the per-open foreign-key PRAGMA (a read breaks no reference); write connections keep it.</summary>
public sealed class ForeignKeyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_write_that_breaks_a_reference_is_refused_and_leaves_nothing_behind()
    {
        var db = api.Services.GetRequiredService<Db>();

        var refused = await Assert.ThrowsAsync<SqliteException>(async () => await db.WriteAsync((c, tx, ct) => c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO agreements (volunteer_id, start_date, end_date, created_at, updated_at) VALUES (987654, '2025-01-01', '2025-12-31', 'x', 'x')",
            transaction: tx, cancellationToken: ct)), CancellationToken.None));

        Assert.Equal(19, refused.SqliteErrorCode); // SQLITE_CONSTRAINT: FOREIGN KEY constraint failed
        Assert.Equal(1, await db.WriteAsync((c, tx, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition("PRAGMA foreign_keys", transaction: tx, cancellationToken: ct)), CancellationToken.None));
        Assert.Equal(0, await db.ReadAsync((c, ct) => c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM agreements WHERE volunteer_id = 987654", cancellationToken: ct)), CancellationToken.None));
    }
}
