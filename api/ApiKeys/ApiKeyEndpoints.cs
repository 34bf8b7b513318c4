using System.Text.Json.Nodes;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.ApiKeys;

public static class ApiKeyEndpoints
{
    private const string Columns = """
        id AS Id, name AS Name, role AS Role, organisation_id AS OrganisationId,
        key_prefix AS KeyPrefix, created_at AS CreatedAt, revoked_at AS RevokedAt, volunteer_id AS VolunteerId, sponsor_id AS SponsorId
        """;

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        // Per route, not on the group: a coordinator may create volunteer keys (self-service), and policies on a group
        // and a route would both have to hold.
        var group = app.MapGroup("/v1/api-keys").WithTags("API keys");

        group.MapPost("/", Create).WithName("CreateApiKey").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Create an API key")
            .WithDescription("Creates a key for a role; a partner key is bound to one organisation, a sponsor key to one active sponsor " +
                "(sponsorId), a volunteer key (self-service, /v1/me) to one active volunteer. Admin keys create every role; coordinator " +
                "keys create volunteer keys only (403 for any other role). The key is in this response only: it is stored as a hash.")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List).WithName("ListApiKeys").RequireAuthorization(Policies.Admin)
            .WithSummary("List API keys")
            .WithDescription("All keys, revoked ones included, oldest first. Secrets are never shown.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{id:long}", Revoke).WithName("RevokeApiKey").RequireAuthorization(Policies.Admin)
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes the key at once; it stays listed with its revocation instant. A key cannot revoke itself.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public ApiRole Role { get; init; }
        public long? OrganisationId { get; init; }
        public required string KeyPrefix { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant? RevokedAt { get; init; }
        public long? VolunteerId { get; init; }
        public long? SponsorId { get; init; }

        public ApiKeyResponse ToResponse() => this.Adapt<ApiKeyResponse>(Mappings.Config);
    }

    private static async Task<Created<CreatedApiKeyResponse>> Create(CreateApiKeyRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        VolunteerKeys.Authorise(request, Caller.From(http.User));
        new Checks()
            .NotBlank(request.Name, "name")
            .Require(request.Role != ApiRole.Partner || request.OrganisationId is not null, "organisationId", "A partner key needs an organisationId.")
            .Require(request.Role == ApiRole.Partner || request.OrganisationId is null, "organisationId", "Only a partner key is bound to an organisation.")
            .VolunteerBinding(request)
            .Require(request.Role != ApiRole.Sponsor || request.SponsorId is not null, "sponsorId", "A sponsor key needs a sponsorId.")
            .Require(request.Role == ApiRole.Sponsor || request.SponsorId is null, "sponsorId", "Only a sponsor key is bound to a sponsor.")
            .ThrowIfAny();
        var key = ApiKeySecrets.Generate();
        var now = clock.GetCurrentInstant();
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            if (request.OrganisationId is { } org
                && await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM organisations WHERE id = @org", new { org }, tx, cancellationToken: token)) is null)
            {
                throw ApiProblemException.Validation("organisationId", "No organisation with that id.");
            }
            await VolunteerKeys.EnsureVolunteerAsync(c, tx, request.VolunteerId, token);
            await SponsorKeys.RequireActiveSponsor(c, tx, request.SponsorId, token);
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO api_keys (name, role, organisation_id, sponsor_id, key_hash, key_prefix, created_at, volunteer_id) " +
                "VALUES (@Name, @Role, @OrganisationId, @SponsorId, @Hash, @Prefix, @Now, @VolunteerId);"
                + db.Dialect.SelectInsertedId,
                new { request.Name, request.Role, request.OrganisationId, request.SponsorId, Hash = ApiKeySecrets.Hash(key), Prefix = ApiKeySecrets.Prefix(key), Now = now, request.VolunteerId },
                tx, cancellationToken: token));
            // What the key is for and what it may do; never the key, its hash or its prefix.
            await AuditTrail.WriteAsync(c, tx, Caller.From(http.User), "api_key.created", "api_key", id, Audited(request), now, token);
            return id;
        }, ct);
        var body = new CreatedApiKeyResponse(id, request.Name, request.Role, request.OrganisationId, ApiKeySecrets.Prefix(key), now, key, request.VolunteerId, request.SponsorId);
        return TypedResults.Created($"/v1/api-keys/{id}", body);
    }

    /// <summary>
    /// The audited fields of a new key: what it is for and what it may do, never the key, its hash or its prefix. A binding
    /// (volunteerId, sponsorId) is added only where the key has one, so every other key's row keeps its shape.
    /// </summary>
    private static JsonObject Audited(CreateApiKeyRequest request)
    {
        var summary = AuditSummary.Created(new { request.Name, request.Role, request.OrganisationId });
        var after = summary["after"]!.AsObject();
        if (request.VolunteerId is { } volunteerId)
        {
            after.Add("volunteerId", volunteerId);
        }
        if (request.SponsorId is { } sponsorId)
        {
            after.Add("sponsorId", sponsorId);
        }
        return summary;
    }

    /// <summary>No filters yet: the primary key pages (see <see cref="KeysetPage"/> before adding one).</summary>
    internal static string ListSql(SqlDialect dialect) => new KeysetPage().Sql($"SELECT {Columns} FROM api_keys", dialect);

    /// <summary>A volunteer's own keys (few; no index needed): the AVG export's.</summary>
    internal static string VolunteerListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "volunteer_id = @volunteer").Sql($"SELECT {Columns} FROM api_keys", dialect);

    private static async Task<Ok<Page<ApiKeyResponse>>> List([AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(db.Dialect),
            new { after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private sealed class RevokedAt
    {
        public Instant? Value { get; init; }
    }

    private static async Task<NoContent> Revoke(long id, HttpContext http, Db db, IClock clock, ApiKeyCache keys, CancellationToken ct)
    {
        if (Caller.From(http.User).KeyId == id)
        {
            throw ApiProblemException.Conflict("A key cannot revoke itself; revoke it with another admin key.");
        }
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        await db.WriteAsync(async (c, tx, token) =>
        {
            var revokedAt = await c.QuerySingleOrDefaultAsync<RevokedAt>(new CommandDefinition(
                $"SELECT revoked_at AS Value FROM {db.Dialect.Locked("api_keys")} WHERE id = @id", new { id }, tx, cancellationToken: token))
                ?? throw ApiProblemException.NotFound("API key");
            // Revoking a revoked key again changes nothing and so writes nothing.
            if (revokedAt.Value is null)
            {
                await c.ExecuteAsync(new CommandDefinition(
                    "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL", new { id, now }, tx, cancellationToken: token));
                await AuditTrail.WriteAsync(c, tx, caller, "api_key.revoked", "api_key", id,
                    AuditSummary.Changed(new { revokedAt = (Instant?)null }, new { revokedAt = (Instant?)now })!, now, token);
            }
            return 0;
        }, ct);
        // After the commit: a lookup racing with it cannot put the key back (ApiKeyCache.Add).
        keys.Clear();
        return TypedResults.NoContent();
    }
}
