using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.ApiKeys;

public static class ApiKeyEndpoints
{
    private const string Columns = """
        id AS Id, name AS Name, role AS Role, organisation_id AS OrganisationId,
        key_prefix AS KeyPrefix, created_at AS CreatedAt, revoked_at AS RevokedAt
        """;

    public static RouteGroupBuilder MapApiKeys(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/api-keys").WithTags("API keys").RequireAuthorization(Policies.Admin);

        group.MapPost("/", Create).WithName("CreateApiKey")
            .WithSummary("Create an API key")
            .WithDescription("Creates a key for a role; a partner key is bound to one organisation. The key is in this response only: it is stored as a hash.")
            .Produces<CreatedApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List).WithName("ListApiKeys")
            .WithSummary("List API keys")
            .WithDescription("All keys, revoked ones included, oldest first. Secrets are never shown.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/{id:long}", Revoke).WithName("RevokeApiKey")
            .WithSummary("Revoke an API key")
            .WithDescription("Revokes the key at once; it stays listed with its revocation instant. A key cannot revoke itself.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; init; }
        public required string Role { get; init; }
        public long? OrganisationId { get; init; }
        public required string KeyPrefix { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant? RevokedAt { get; init; }

        public ApiKeyResponse ToResponse() =>
            new(Id, Name, Enum.Parse<ApiRole>(Role, true), OrganisationId, KeyPrefix, CreatedAt, RevokedAt);
    }

    private static async Task<Created<CreatedApiKeyResponse>> Create(CreateApiKeyRequest request, Db db, IClock clock, CancellationToken ct)
    {
        new Checks()
            .NotBlank(request.Name, "name")
            .Require(request.Role != ApiRole.Partner || request.OrganisationId is not null, "organisationId", "A partner key needs an organisationId.")
            .Require(request.Role == ApiRole.Partner || request.OrganisationId is null, "organisationId", "Only a partner key is bound to an organisation.")
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
            return await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO api_keys (name, role, organisation_id, key_hash, key_prefix, created_at) VALUES (@Name, @Role, @OrganisationId, @Hash, @Prefix, @Now);"
                + db.Dialect.SelectInsertedId,
                new { request.Name, Role = Caller.RoleName(request.Role), request.OrganisationId, Hash = ApiKeySecrets.Hash(key), Prefix = ApiKeySecrets.Prefix(key), Now = now },
                tx, cancellationToken: token));
        }, ct);
        var body = new CreatedApiKeyResponse(id, request.Name, request.Role, request.OrganisationId, ApiKeySecrets.Prefix(key), now, key);
        return TypedResults.Created($"/v1/api-keys/{id}", body);
    }

    private static async Task<Ok<Page<ApiKeyResponse>>> List([AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM api_keys WHERE id > @after ORDER BY id {db.Dialect.Limit("@take")}",
            new { after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<NoContent> Revoke(long id, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        if (Caller.From(http.User).KeyId == id)
        {
            throw ApiProblemException.Conflict("A key cannot revoke itself; revoke it with another admin key.");
        }
        var changed = await db.WriteAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            "UPDATE api_keys SET revoked_at = @now WHERE id = @id AND revoked_at IS NULL",
            new { id, now = clock.GetCurrentInstant() }, tx, cancellationToken: token)), ct);
        if (changed == 0)
        {
            var exists = await db.ReadAsync((c, token) => c.ExecuteScalarAsync<long?>(
                new CommandDefinition("SELECT id FROM api_keys WHERE id = @id", new { id }, cancellationToken: token)), ct);
            if (exists is null)
            {
                throw ApiProblemException.NotFound("API key");
            }
        }
        return TypedResults.NoContent();
    }
}
