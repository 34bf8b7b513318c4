using System.ComponentModel;
using System.Text.Json;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Audit;

public static class AuditEndpoints
{
    /// <summary>The raw query; <see cref="AuditCriteria.Parse"/> validates it. The descriptions feed the OpenAPI document.</summary>
    public sealed record Filter(
        [FromQuery(Name = "entity")][property: Description("Only rows of this entity, singular snake_case: agreement, placement, api_key, hour_entry, payout, allowance_limits, ...")]
        string? Entity,
        [FromQuery(Name = "entityId")][property: Description("Only rows of this id of the entity; needs entity.")]
        long? EntityId,
        [FromQuery(Name = "action")][property: Description("Only this action, entity.pastParticiple, e.g. agreement.extended or api_key.revoked.")]
        string? Action,
        [FromQuery(Name = "keyId")][property: Description("Only changes made with this API key (its id).")]
        long? KeyId,
        [FromQuery(Name = "from")][property: Description("Only rows at or after this instant (inclusive), ISO-8601 UTC, e.g. 2025-03-14T09:30:00Z.")]
        string? From,
        [FromQuery(Name = "to")][property: Description("Only rows before this instant (exclusive), ISO-8601 UTC; must lie after from.")]
        string? To,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Finance);
        group.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Read the audit trail")
            .WithDescription("Append-only record of every create and change of agreements, placements, hour decisions, API keys, payouts and " +
                "limits, oldest first, each with the key (id and name) and role that made it. Filters, each optional and combined with AND: " +
                "entity, entityId (needs entity), action, keyId, from (inclusive) and to (exclusive) as ISO-8601 UTC instants. " +
                "A malformed filter, or to not after from, is a 400 naming the field and the expected format.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public Instant At { get; init; }
        public long? ApiKeyId { get; init; }
        public string? ApiKeyName { get; init; }
        public ApiRole? Role { get; init; }
        public required string Action { get; init; }
        public required string Entity { get; init; }
        public long EntityId { get; init; }
        public required string Summary { get; init; }
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> List([AsParameters] Filter filter, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var (sql, args) = AuditCriteria.Parse(filter).Page(after, limit + 1, db.Dialect);
        var rows = await db.ReadAsync(async (c, token) =>
            (await c.QueryAsync<Row>(new CommandDefinition(sql, args, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.Adapt<AuditEntryResponse>(Mappings.Config)));
    }
}
