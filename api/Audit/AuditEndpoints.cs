using System.Text.Json;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Audit;

public static class AuditEndpoints
{
    public sealed record Filter(
        [FromQuery(Name = "entity")] string? Entity,
        [FromQuery(Name = "entityId")] long? EntityId,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    public static RouteGroupBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/audit").WithTags("Audit").RequireAuthorization(Policies.Finance);
        group.MapGet("/", List).WithName("ListAuditEntries")
            .WithSummary("Read the audit trail")
            .WithDescription("Append-only record of payout creations and state changes and of limit changes, oldest first; filter by entity (payout, allowance_limits) and entityId.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public Instant At { get; init; }
        public long? ApiKeyId { get; init; }
        public string? Role { get; init; }
        public required string Action { get; init; }
        public required string Entity { get; init; }
        public long EntityId { get; init; }
        public required string Summary { get; init; }
    }

    private static async Task<Ok<Page<AuditEntryResponse>>> List([AsParameters] Filter filter, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        new Checks().Require(filter.Entity is null || filter.Entity.Length <= 64, "entity", "entity is at most 64 characters.").ThrowIfAny();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            "SELECT id AS Id, at AS At, api_key_id AS ApiKeyId, role AS Role, action AS Action, entity AS Entity, entity_id AS EntityId, summary AS Summary " +
            "FROM audit_log WHERE id > @after AND (@entity IS NULL OR entity = @entity) AND (@entityId IS NULL OR entity_id = @entityId) " +
            $"ORDER BY id {db.Dialect.Limit("@take")}",
            new { after, entity = filter.Entity, entityId = filter.EntityId, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => new AuditEntryResponse(
            r.Id, r.At, r.ApiKeyId, r.Role is null ? null : Enum.Parse<ApiRole>(r.Role, true), r.Action, r.Entity, r.EntityId,
            ParseSummary(r.Summary))));
    }

    private static JsonElement ParseSummary(string summary)
    {
        using var document = JsonDocument.Parse(summary);
        return document.RootElement.Clone();
    }
}
