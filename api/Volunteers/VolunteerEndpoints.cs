using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Volunteers;

/// <summary>Volunteers (burgerbaners). Personal data: registry roles only; partners see names through placements.</summary>
public static class VolunteerEndpoints
{
    private const string Columns = """
        id AS Id, first_name AS FirstName, last_name AS LastName, date_of_birth AS DateOfBirth, email AS Email,
        phone AS Phone, iban AS Iban, active AS Active, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapVolunteers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers").WithTags("Volunteers");

        group.MapPost("/", Create).WithName("CreateVolunteer").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Register a volunteer")
            .WithDescription("Registers a volunteer. The IBAN is checked with mod-97. No citizen service number is asked or stored.")
            .Produces<VolunteerResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List).WithName("ListVolunteers").RequireAuthorization(Policies.Registry)
            .WithSummary("List volunteers")
            .WithDescription("Oldest first, cursor paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetVolunteer").RequireAuthorization(Policies.Registry)
            .WithSummary("Get a volunteer")
            .WithDescription("Carries an ETag for updates.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Update).WithName("UpdateVolunteer").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Update a volunteer")
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. An empty string clears email, phone or iban; active: false deactivates.")
            .ProducesPatchProblems();
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public required string FirstName { get; set; }
        public required string LastName { get; set; }
        public LocalDate DateOfBirth { get; set; }
        public string? Email { get; set; }
        public string? Phone { get; set; }
        public string? Iban { get; set; }
        public bool Active { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public VolunteerResponse ToResponse() =>
            new(Id, FirstName, LastName, DateOfBirth, Email, Phone, Iban, Active, CreatedAt, UpdatedAt);
    }

    /// <summary>Checks shared by create and update; returns the normalised IBAN.</summary>
    private static string? Check(string? firstName, string? lastName, LocalDate? dateOfBirth, string? iban, string? email, LocalDate today)
    {
        var normalised = string.IsNullOrEmpty(iban) ? null : Iban.Normalise(iban);
        new Checks()
            .NotBlank(firstName, "firstName")
            .NotBlank(lastName, "lastName")
            .Date(dateOfBirth, "dateOfBirth")
            .Require(dateOfBirth is null || dateOfBirth < today, "dateOfBirth", "The date of birth must lie in the past.")
            .Require(string.IsNullOrEmpty(iban) || normalised is not null, "iban", "Not a valid IBAN (check digits do not match).")
            .Require(string.IsNullOrEmpty(email) || Emails.IsValid(email), "email", "Not a valid e-mail address.")
            .ThrowIfAny();
        return normalised;
    }

    private static async Task<Created<VolunteerResponse>> Create(CreateVolunteerRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var iban = Check(request.FirstName, request.LastName, request.DateOfBirth, request.Iban, request.Email, Today.In(clock));
        var now = clock.GetCurrentInstant();
        var row = new Row
        {
            FirstName = request.FirstName.Trim(), LastName = request.LastName.Trim(), DateOfBirth = request.DateOfBirth,
            Email = Patch.Text(request.Email, null), Phone = Patch.Text(request.Phone, null), Iban = iban,
            Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var id = await db.WriteAsync((c, tx, token) => c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO volunteers (first_name, last_name, date_of_birth, email, phone, iban, active, created_at, updated_at, version) " +
            "VALUES (@FirstName, @LastName, @DateOfBirth, @Email, @Phone, @Iban, @Active, @CreatedAt, @UpdatedAt, @Version);" + db.Dialect.SelectInsertedId,
            row, tx, cancellationToken: token)), ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/volunteers/{id}", row.ToResponse() with { Id = id });
    }

    private static async Task<Ok<Page<VolunteerResponse>>> List([AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM volunteers WHERE id > @after ORDER BY id {db.Dialect.Limit("@take")}",
            new { after, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    internal static Task<Row?> Find(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? tx, SqlDialect dialect, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM {(tx is null ? "volunteers" : dialect.Locked("volunteers"))} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    private static async Task<Ok<VolunteerResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => Find(c, null, db.Dialect, id, token), ct) ?? throw ApiProblemException.NotFound("volunteer");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<VolunteerResponse>> Update(long id, UpdateVolunteerRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var iban = Check(request.FirstName, request.LastName, request.DateOfBirth, request.Iban, request.Email, Today.In(clock));
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            ETags.Require(http, row.Version);
            row.FirstName = request.FirstName?.Trim() ?? row.FirstName;
            row.LastName = request.LastName?.Trim() ?? row.LastName;
            row.DateOfBirth = request.DateOfBirth ?? row.DateOfBirth;
            row.Email = Patch.Text(request.Email, row.Email);
            row.Phone = Patch.Text(request.Phone, row.Phone);
            row.Iban = request.Iban is null ? row.Iban : iban;
            row.Active = request.Active ?? row.Active;
            row.UpdatedAt = clock.GetCurrentInstant();
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE volunteers SET first_name = @FirstName, last_name = @LastName, date_of_birth = @DateOfBirth, email = @Email, " +
                "phone = @Phone, iban = @Iban, active = @Active, updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
