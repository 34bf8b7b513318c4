using System.Text.RegularExpressions;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Migrations;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Audit;

/// <summary>The validated filters of <c>GET /v1/audit</c>, each optional, combined with AND.</summary>
public sealed partial record AuditCriteria(string? Entity, long? EntityId, string? Action, long? KeyId, Instant? From, Instant? To)
{
    [GeneratedRegex("^[a-z][a-z_]{0,63}$")]
    private static partial Regex EntityName();

    [GeneratedRegex("^[a-z][a-z_]*\\.[a-z][a-z_]*$")]
    private static partial Regex ActionName();

    /// <summary>Reads the raw query values; every malformed one is named in one 400.</summary>
    public static AuditCriteria Parse(AuditEndpoints.Filter filter)
    {
        var checks = new Checks()
            .Require(filter.Entity is null || EntityName().IsMatch(filter.Entity), "entity",
                "entity must be an entity name in snake_case (a-z and _, at most 64 characters), e.g. agreement or api_key.")
            .Require(filter.Action is null || (filter.Action.Length <= 64 && ActionName().IsMatch(filter.Action)), "action",
                "action must be entity.pastParticiple in snake_case (at most 64 characters), e.g. agreement.extended.")
            .Require(filter.EntityId is null || filter.Entity is not null, "entityId",
                "entityId needs entity: an id is only unique within its entity.");
        var from = ParseInstant(filter.From, "from", checks);
        var to = ParseInstant(filter.To, "to", checks);
        checks.Require(from is null || to is null || to > from, "to", "to must lie after from (from is inclusive, to exclusive).").ThrowIfAny();
        return new AuditCriteria(filter.Entity, filter.EntityId, filter.Action, filter.KeyId, from, to);
    }

    /// <summary>
    /// SQLite keeps no statistics on instants: given only <c>from</c>, it would walk the primary key from the cursor
    /// through the whole history before <c>from</c>. The instant index is cheaper for the recent rows such a query asks
    /// for. (Given only <c>to</c>, the primary key is right: the oldest rows match first and fill the page.)
    /// SQL Server plans with statistics and needs no hint.
    /// </summary>
    private string IndexHint(SqlDialect dialect) =>
        dialect.Provider == DatabaseProvider.Sqlite && From is not null && Entity is null && Action is null && KeyId is null
            ? " INDEXED BY ix_audit_at"
            : "";

    private static Instant? ParseInstant(string? text, string field, Checks checks)
    {
        var parsed = text is null ? null : InstantPattern.ExtendedIso.Parse(text);
        checks.Require(parsed is null || parsed.Success, field, $"{field} must be an instant in ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z.");
        return parsed is { Success: true } ? parsed.Value : null;
    }

    /// <summary>
    /// The page's statement, built the way every list builds it (see <see cref="KeysetPage"/>): a predicate only for
    /// each filter given, and an index <c>(column, id)</c> per filter. <c>AuditQueryPlanTests</c> runs EXPLAIN QUERY
    /// PLAN on these statements to keep it so.
    /// </summary>
    public (string Sql, object Args) Page(long after, int take, SqlDialect dialect)
    {
        var sql = new KeysetPage("a.id")
            .When(Entity is not null, "a.entity = @entity")
            .When(EntityId is not null, "a.entity_id = @entityId")
            .When(Action is not null, "a.action = @action")
            .When(KeyId is not null, "a.api_key_id = @keyId")
            .When(From is not null, "a.at >= @from")
            .When(To is not null, "a.at < @to")
            .Sql("SELECT a.id AS Id, a.at AS At, a.api_key_id AS ApiKeyId, k.name AS ApiKeyName, a.role AS Role, a.action AS Action, " +
                "a.entity AS Entity, a.entity_id AS EntityId, a.summary AS Summary " +
                $"FROM audit_log a{IndexHint(dialect)} LEFT JOIN api_keys k ON k.id = a.api_key_id", dialect);
        // Dapper sends only the parameters the text names, so the absent filters cost nothing.
        return (sql, new { after, take, entity = Entity, entityId = EntityId, action = Action, keyId = KeyId, from = From, to = To });
    }
}
