using System.Text.Json.Nodes;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Volunteers;

/// <summary>Volunteers (burgerbaners). Personal data: registry roles only; partners see names through placements.</summary>
public static class VolunteerEndpoints
{
    private const string Columns = """
        id AS Id, first_name AS FirstName, last_name AS LastName, date_of_birth AS DateOfBirth, email AS Email,
        phone AS Phone, iban AS Iban, active AS Active, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version,
        pseudonymised_at AS PseudonymisedAt, retain_until AS RetainUntil
        """;

    public static RouteGroupBuilder MapVolunteers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers").WithTags("Volunteers");

        group.MapPost("/", Create).WithName("CreateVolunteer").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Register a volunteer")
            .WithDescription("Registers a volunteer. The IBAN is checked with mod-97. No citizen service number is asked or stored. " +
                "The limits are per person, so a volunteer with the same normalised name (case, accents, surname prefixes, spaces, " +
                "hyphens and apostrophes do not count) and date of birth as an active volunteer, or with the IBAN of any other volunteer, " +
                "is refused with 409 possible_duplicate naming existingIds and matchedOn; a coordinator who knows they are different " +
                "people sends the same request with confirmDistinctFrom naming exactly those ids. Audited as volunteer.created.")
            .Produces<VolunteerResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);
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
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. An empty string clears email, phone or iban; active: false deactivates. " +
                "A changed name, date of birth or IBAN, and a reactivation, is checked for duplicates as on registration (409 possible_duplicate, " +
                "confirmDistinctFrom). A new date of birth that changes the legal hourly maximum of hours already paid by a payout that still " +
                "counts is refused with 409 date_of_birth_locked naming payoutIds: cancel the payout first. Audited as volunteer.changed, " +
                "volunteer.deactivated or volunteer.reactivated with the changed fields before and after.")
            .ProducesPatchProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
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

        /// <summary>Set by DELETE /v1/volunteers/{id} (api/Privacy): the record then holds a pseudonym and changes no more.</summary>
        public Instant? PseudonymisedAt { get; init; }
        public LocalDate? RetainUntil { get; init; }

        /// <summary>The duplicate check's key; computed, never read back (rows from before it existed hold NULL).</summary>
        public string NameKey => PersonNames.Key(FirstName, LastName);

        /// <summary>The audited fields. Personal values are included: only finance and admin read the audit trail.</summary>
        public Dictionary<string, object?> Audited() => new(StringComparer.Ordinal)
        {
            ["firstName"] = FirstName, ["lastName"] = LastName, ["dateOfBirth"] = LocalDatePattern.Iso.Format(DateOfBirth),
            ["email"] = Email, ["phone"] = Phone, ["iban"] = Iban, ["active"] = Active,
        };

        public VolunteerResponse ToResponse() => this.Adapt<VolunteerResponse>(Mappings.Config);
    }

    /// <summary>Checks shared by create and update; returns the normalised IBAN.</summary>
    internal static string? Check(string? firstName, string? lastName, LocalDate? dateOfBirth, string? iban, string? email,
        IReadOnlyList<long>? confirmDistinctFrom, LocalDate today)
    {
        var normalised = string.IsNullOrEmpty(iban) ? null : Iban.Normalise(iban);
        new Checks()
            .NotBlank(firstName, "firstName")
            .NotBlank(lastName, "lastName")
            .Date(dateOfBirth, "dateOfBirth")
            .Require(dateOfBirth is null || dateOfBirth < today, "dateOfBirth", "The date of birth must lie in the past.")
            .Require(string.IsNullOrEmpty(iban) || normalised is not null, "iban", "Not a valid IBAN (check digits do not match).")
            .Require(string.IsNullOrEmpty(email) || Emails.IsValid(email), "email", "Not a valid e-mail address.")
            .Require(confirmDistinctFrom is null || confirmDistinctFrom.Count <= VolunteerDuplicates.MaxConfirmed, "confirmDistinctFrom",
                $"Name at most {VolunteerDuplicates.MaxConfirmed} volunteers.")
            .Require(confirmDistinctFrom is null || confirmDistinctFrom.All(v => v > 0), "confirmDistinctFrom", "Volunteer ids are positive.")
            .ThrowIfAny();
        return normalised;
    }

    /// <summary>The audit summary; a confirmed duplicate records which volunteers the coordinator vouched this one differs from.</summary>
    private static JsonObject Summary(JsonObject summary, VolunteerDuplicates.Matches? matches) => matches is { All.Count: > 0 }
        ? summary.With("confirmedDistinctFrom", matches.All).With("matchedOn", matches.MatchedOn)
        : summary;

    private static async Task<Created<VolunteerResponse>> Create(CreateVolunteerRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var iban = Check(request.FirstName, request.LastName, request.DateOfBirth, request.Iban, request.Email, request.ConfirmDistinctFrom, Today.In(clock));
        var now = clock.GetCurrentInstant();
        var caller = Caller.From(http.User);
        var row = new Row
        {
            FirstName = request.FirstName.Trim(), LastName = request.LastName.Trim(), DateOfBirth = request.DateOfBirth,
            Email = Patch.Text(request.Email, null), Phone = Patch.Text(request.Phone, null), Iban = iban,
            Active = true, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var id = await db.WriteAsync((c, tx, token) => InsertAsync(c, tx, db.Dialect, row, request.ConfirmDistinctFrom, caller, token), ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/volunteers/{id}", row.ToResponse() with { Id = id });
    }

    /// <summary>
    /// A new volunteer through the duplicate check, in the caller's transaction: the one way a volunteer is made, by a
    /// direct create or by accepting an application. Audited as volunteer.created.
    /// </summary>
    internal static async Task<long> InsertAsync(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SqlDialect dialect, Row row,
        IReadOnlyList<long>? confirmDistinctFrom, Caller caller, CancellationToken ct)
    {
        var matches = await VolunteerDuplicates.FindAsync(c, tx, dialect, null, row.DateOfBirth, row.NameKey, row.Iban, ct);
        await VolunteerDuplicates.SettleAsync(c, tx, matches, confirmDistinctFrom ?? [], ct);
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO volunteers (first_name, last_name, name_key, date_of_birth, email, phone, iban, active, created_at, updated_at, version) " +
            "VALUES (@FirstName, @LastName, @NameKey, @DateOfBirth, @Email, @Phone, @Iban, @Active, @CreatedAt, @UpdatedAt, @Version);" + dialect.SelectInsertedId,
            row, tx, cancellationToken: ct));
        await AuditTrail.WriteAsync(c, tx, caller, "volunteer.created", "volunteer", id, Summary(AuditSummary.Created(row.Audited()), matches), row.CreatedAt, ct);
        return id;
    }

    /// <summary>No filters yet: the primary key pages (see <see cref="KeysetPage"/> before adding one).</summary>
    internal static string ListSql(SqlDialect dialect) => new KeysetPage().Sql($"SELECT {Columns} FROM volunteers", dialect);

    private static async Task<Ok<Page<VolunteerResponse>>> List([AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(db.Dialect),
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

    private static async Task<Ok<VolunteerResponse>> Update(long id, UpdateVolunteerRequest request, HttpContext http, Db db, IClock clock,
        ApiKeyCache keys, CancellationToken ct) =>
        TypedResults.Ok((await ChangeAsync(id, request, http, db, clock, keys, ct)).ToResponse());

    /// <summary>
    /// A PATCH of a volunteer: checked, locked, If-Match, audited, the ETag set. Also behind <c>PATCH /v1/me</c>, which sends
    /// only email and phone, so a volunteer's own change is checked and audited exactly like a coordinator's.
    /// </summary>
    internal static async Task<Row> ChangeAsync(long id, UpdateVolunteerRequest request, HttpContext http, Db db, IClock clock,
        ApiKeyCache keys, CancellationToken ct)
    {
        var iban = Check(request.FirstName, request.LastName, request.DateOfBirth, request.Iban, request.Email, request.ConfirmDistinctFrom, Today.In(clock));
        var caller = Caller.From(http.User);
        var (row, deactivated) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("volunteer");
            ETags.Require(http, row.Version);
            Privacy.Pseudonymisation.RefuseIfPseudonymised(row);
            var before = row.Audited();
            var (nameKey, dateOfBirth, oldIban, wasActive) = (row.NameKey, row.DateOfBirth, row.Iban, row.Active);
            row.FirstName = request.FirstName?.Trim() ?? row.FirstName;
            row.LastName = request.LastName?.Trim() ?? row.LastName;
            row.DateOfBirth = request.DateOfBirth ?? row.DateOfBirth;
            row.Email = Patch.Text(request.Email, row.Email);
            row.Phone = Patch.Text(request.Phone, row.Phone);
            row.Iban = request.Iban is null ? row.Iban : iban;
            row.Active = request.Active ?? row.Active;
            row.UpdatedAt = clock.GetCurrentInstant();
            if (row.DateOfBirth != dateOfBirth)
            {
                await BirthDateLock.CheckAsync(c, tx, id, dateOfBirth, row.DateOfBirth, token);
            }
            // Only a change that could make this volunteer someone else's double is checked again (a reactivation too).
            VolunteerDuplicates.Matches? matches = null;
            if (row.NameKey != nameKey || row.DateOfBirth != dateOfBirth || (row.Iban is not null && row.Iban != oldIban)
                || (row.Active && !wasActive) || request.ConfirmDistinctFrom is { Count: > 0 })
            {
                matches = await VolunteerDuplicates.FindAsync(c, tx, db.Dialect, id, row.DateOfBirth, row.NameKey, row.Iban, token);
                await VolunteerDuplicates.SettleAsync(c, tx, matches, request.ConfirmDistinctFrom ?? [], token);
            }
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE volunteers SET first_name = @FirstName, last_name = @LastName, name_key = @NameKey, date_of_birth = @DateOfBirth, email = @Email, " +
                "phone = @Phone, iban = @Iban, active = @Active, updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            var change = AuditSummary.Diff(before, row.Audited());
            if (AuditSummary.HasChanges(change) || matches is { All.Count: > 0 })
            {
                await AuditTrail.WriteAsync(c, tx, caller, AuditSummary.ChangeAction("volunteer", change), "volunteer", id, Summary(change, matches), row.UpdatedAt, token);
            }
            row.Version++;
            return (row, deactivated: wasActive && !row.Active);
        }, ct);
        if (deactivated)
        {
            // Its self-service keys stop now in this process; other instances stop them when their cache entries expire.
            keys.Clear();
        }
        ETags.Set(http, row.Version);
        return row;
    }
}
