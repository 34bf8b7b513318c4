using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Audit;

/// <summary>
/// The statements GET /v1/audit runs, planned by SQLite on the production schema: every filter reads audit_log
/// through an index (never a full scan), and the equality filters read it in id order (keyset paging without a sort).
/// </summary>
public sealed class AuditQueryPlanTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly Instant At = Instant.FromUtc(2025, 3, 1, 0, 0);

    public static TheoryData<string, string, bool> Filters() => new()
    {
        // filters given, the index that must serve them, whether the rows come in id order from it
        { "none", "INTEGER PRIMARY KEY", true },
        { "entity", "ix_audit_entity_only", true },
        { "entity entityId", "ix_audit_entity", true },
        { "action", "ix_audit_action", true },
        { "keyId", "ix_audit_api_key", true },
        { "from", "ix_audit_at", false },
        // only to: the oldest rows match first, so the primary key in id order fills the page at once
        { "to", "INTEGER PRIMARY KEY", true },
        { "from to", "ix_audit_at", false },
        { "entity entityId action", "ix_audit_entity", true },
        { "entity entityId keyId from to", "ix_audit_entity", true },
        { "keyId from to", "ix_audit_api_key", true },
        { "action from", "ix_audit_action", true },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Each_filter_reads_audit_log_through_its_index(string filters, string index, bool inIdOrder)
    {
        var given = filters.Split(' ');
        var criteria = new AuditCriteria(
            given.Contains("entity") ? "payout" : null,
            given.Contains("entityId") ? 7 : null,
            given.Contains("action") ? "payout.created" : null,
            given.Contains("keyId") ? 3 : null,
            given.Contains("from") ? At : null,
            given.Contains("to") ? At + Duration.FromDays(30) : null);
        var (sql, args) = criteria.Page(after: 10, take: 51, new SqlDialect(DatabaseProvider.Sqlite));
        _ = api.Admin(); // starts the service, which migrates the file
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();

        var plan = (await c.QueryAsync<PlanRow>("EXPLAIN QUERY PLAN " + sql, args)).Select(r => r.Detail).ToList();

        var auditStep = Assert.Single(plan, d => d.Contains(" a ", StringComparison.Ordinal) || d.EndsWith(" a", StringComparison.Ordinal));
        Assert.StartsWith("SEARCH a USING ", auditStep, StringComparison.Ordinal);
        Assert.Contains(index + " ", auditStep + " ", StringComparison.Ordinal);
        Assert.Equal(!inIdOrder, plan.Any(d => d.Contains("TEMP B-TREE", StringComparison.Ordinal)));
        Assert.Contains(plan, d => d.StartsWith("SEARCH k USING INTEGER PRIMARY KEY", StringComparison.Ordinal));
    }

    private sealed class PlanRow
    {
        public string Detail { get; init; } = "";
    }
}
