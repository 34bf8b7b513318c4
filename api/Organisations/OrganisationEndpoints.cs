using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Organisations;

/// <summary>Non-profits and care practices. Partners read their own organisation only.</summary>
public static class OrganisationEndpoints
{
    private const string Columns = """
        id AS Id, name AS Name, kind AS Kind, kvk_number AS KvkNumber, email AS Email, active AS Active,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapOrganisations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/organisations").WithTags("Organisations");

        group.MapPost("/", Create).WithName("CreateOrganisation").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Register an organisation")
            .WithDescription("Registers a non-profit, care practice or other organisation where volunteers are placed. A KvK number " +
                "that another organisation (active or not) already has is refused with 409 possible_duplicate naming existingIds. " +
                "Audited as organisation.created.")
            .Produces<OrganisationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListOrganisations").RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("List organisations")
            .WithDescription("Oldest first. A partner key sees only its own organisation.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetOrganisation").RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("Get an organisation")
            .WithDescription("Carries an ETag for updates. A partner key gets 404 for any organisation but its own.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Update).WithName("UpdateOrganisation").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Update an organisation")
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. Send active: false to deactivate. " +
                "A KvK number that another organisation already has is refused with 409 possible_duplicate. Audited as " +
                "organisation.changed, organisation.deactivated or organisation.reactivated with the changed fields before and after.")
            .ProducesPatchProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string Name { get; set; }
        public OrganisationKind Kind { get; set; }
        public string? KvkNumber { get; set; }
        public string? Email { get; set; }
        public bool Active { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["name"] = Name, ["kind"] = Kind, ["kvkNumber"] = KvkNumber, ["email"] = Email, ["active"] = Active,
        };

        public OrganisationResponse ToResponse() => this.Adapt<OrganisationResponse>(Mappings.Config);
    }

    public const string KvkRule = "kvkNumber";

    /// <summary>
    /// One KvK number is one legal entity: a second registration would split its hours and placements.
    /// Locked like the volunteer checks, so two racing registrations cannot both pass. No override:
    /// a second location of one entity is the same organisation.
    /// </summary>
    private static async Task RefuseSameKvk(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SqlDialect d, long? self,
        string? kvkNumber, CancellationToken ct)
    {
        if (kvkNumber is null)
        {
            return;
        }
        var existing = (await c.QueryAsync<long>(new CommandDefinition(
            $"SELECT id FROM {d.Locked("organisations")} WHERE kvk_number = @kvkNumber", new { kvkNumber }, tx, cancellationToken: ct)))
            .Where(id => id != self).Order().ToList();
        if (existing.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, VolunteerDuplicates.PossibleDuplicate, "Possible duplicate",
                $"Organisation {string.Join(", ", existing)} already has KvK number {kvkNumber}.",
                new Dictionary<string, object?>
                {
                    ["existingIds"] = existing,
                    ["matchedOn"] = new Dictionary<string, IReadOnlyList<long>> { [KvkRule] = existing },
                });
        }
    }

    private static async Task<Created<OrganisationResponse>> Create(CreateOrganisationRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        // [RegularExpression] lets "" through; the column only takes 8 digits or null.
        new Checks()
            .NotBlank(request.Name, "name")
            .Require(request.KvkNumber is not "", "kvkNumber", "kvkNumber must be exactly 8 digits.")
            .ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var row = new Row
        {
            Name = request.Name.Trim(), Kind = request.Kind, KvkNumber = request.KvkNumber,
            Email = request.Email, Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var caller = Caller.From(http.User);
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            await RefuseSameKvk(c, tx, db.Dialect, null, row.KvkNumber, token);
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO organisations (name, kind, kvk_number, email, active, created_at, updated_at, version) " +
                "VALUES (@Name, @Kind, @KvkNumber, @Email, @Active, @CreatedAt, @UpdatedAt, @Version);" + db.Dialect.SelectInsertedId,
                row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "organisation.created", "organisation", id, new { after = row.Audited() }, now, token);
            return id;
        }, ct);
        var created = new Row
        {
            Id = id, Name = row.Name, Kind = row.Kind, KvkNumber = row.KvkNumber, Email = row.Email,
            Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        ETags.Set(http, created.Version);
        return TypedResults.Created($"/v1/organisations/{id}", created.ToResponse());
    }

    private static async Task<Ok<Page<OrganisationResponse>>> List([AsParameters] PageQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var caller = Caller.From(http.User);
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(caller.IsPartner, db.Dialect), new { after, org = caller.OrganisationId, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>A partner lists its own organisation only: the primary key serves both (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(bool partner, SqlDialect dialect) =>
        new KeysetPage().When(partner, "id = @org").Sql($"SELECT {Columns} FROM organisations", dialect);

    private static async Task<Ok<OrganisationResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        if (caller.IsPartner && caller.OrganisationId != id)
        {
            throw ApiProblemException.NotFound("organisation");
        }
        var row = await db.ReadAsync((c, token) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM organisations WHERE id = @id", new { id }, cancellationToken: token)), ct)
            ?? throw ApiProblemException.NotFound("organisation");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<OrganisationResponse>> Update(long id, UpdateOrganisationRequest request, HttpContext http, Db db, IClock clock,
        ApiKeyCache keys, CancellationToken ct)
    {
        new Checks()
            .NotBlank(request.Name, "name")
            .Require(string.IsNullOrEmpty(request.Email) || Emails.IsValid(request.Email), "email", "Not a valid e-mail address.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var (row, deactivated) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM {db.Dialect.Locked("organisations")} WHERE id = @id", new { id }, tx, cancellationToken: token))
                ?? throw ApiProblemException.NotFound("organisation");
            ETags.Require(http, row.Version);
            var before = row.Audited();
            row.Name = request.Name?.Trim() ?? row.Name;
            row.Kind = request.Kind ?? row.Kind;
            row.KvkNumber = Patch.Text(request.KvkNumber, row.KvkNumber);
            row.Email = Patch.Text(request.Email, row.Email);
            row.Active = request.Active ?? row.Active;
            row.UpdatedAt = clock.GetCurrentInstant();
            if (row.KvkNumber != (string?)before["kvkNumber"])
            {
                await RefuseSameKvk(c, tx, db.Dialect, id, row.KvkNumber, token);
            }
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE organisations SET name = @Name, kind = @Kind, kvk_number = @KvkNumber, email = @Email, active = @Active, " +
                "updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                await AuditTrail.WriteAsync(c, tx, caller, AuditSummary.ChangeAction("organisation", change), "organisation", id,
                    change, row.UpdatedAt, token);
            }
            row.Version++;
            return (row, deactivated: before["active"] is true && !row.Active);
        }, ct);
        if (deactivated)
        {
            // Its partner keys stop now in this process; other instances stop them when their cache entries expire.
            keys.Clear();
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
