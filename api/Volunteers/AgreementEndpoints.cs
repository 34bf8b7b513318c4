using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using System.Data.Common;

namespace Burgerbaan.Api.Volunteers;

/// <summary>Allowance agreements with the cooperative. One volunteer's agreements never overlap.</summary>
public static class AgreementEndpoints
{
    private const string Columns = """
        id AS Id, volunteer_id AS VolunteerId, start_date AS StartDate, end_date AS EndDate,
        hourly_rate_cents AS HourlyRateCents, annual_budget_cents AS AnnualBudgetCents,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/volunteers/{volunteerId:long}/agreements").WithTags("Agreements")
            .RequireAuthorization(Policies.Registry);

        group.MapPost("/", Create).WithName("CreateAgreement")
            .WithSummary("Create an allowance agreement")
            .WithDescription("Adds an agreement from startDate to endDate (inclusive). Refused with 409 when it overlaps another agreement of the volunteer.")
            .Produces<AgreementResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/", List).WithName("ListAgreements")
            .WithSummary("List a volunteer's agreements")
            .WithDescription("Oldest first, cursor paged.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{agreementId:long}", Get).WithName("GetAgreement")
            .WithSummary("Get an agreement")
            .WithDescription("Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{agreementId:long}/extend", Extend).WithName("ExtendAgreement")
            .WithSummary("Extend an agreement")
            .WithDescription("Moves the end date on by a number of months (1 to 36); an end date on the last day of a month stays on the last day of a month. If-Match is honoured when sent. Refused with 409 when the extension would overlap a later agreement.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .HonoursIfMatch();
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; set; }
        public long? HourlyRateCents { get; init; }
        public long? AnnualBudgetCents { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public AgreementResponse ToResponse() => this.Adapt<AgreementResponse>(Mappings.Config);
    }

    private static async Task EnsureVolunteer(DbConnection c, DbTransaction? tx, SqlDialect dialect, long volunteerId, CancellationToken ct)
    {
        // Locking the volunteer row serialises agreement writes per volunteer (the overlap check below).
        _ = await VolunteerEndpoints.Find(c, tx, dialect, volunteerId, ct) ?? throw ApiProblemException.NotFound("volunteer");
    }

    private static async Task RefuseOverlap(DbConnection c, DbTransaction tx, long volunteerId, long exceptId, LocalDate start, LocalDate end, CancellationToken ct)
    {
        var other = await c.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT MIN(id) FROM agreements WHERE volunteer_id = @volunteerId AND id <> @exceptId AND start_date <= @end AND end_date >= @start",
            new { volunteerId, exceptId, start, end }, tx, cancellationToken: ct));
        if (other is { } id)
        {
            throw ApiProblemException.Conflict($"The period overlaps agreement {id} of this volunteer; agreements may not overlap.");
        }
    }

    private static async Task<Created<AgreementResponse>> Create(long volunteerId, CreateAgreementRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks()
            .Date(request.StartDate, "startDate")
            .Date(request.EndDate, "endDate")
            .Require(request.StartDate <= request.EndDate, "endDate", "endDate must not lie before startDate.")
            .ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            await EnsureVolunteer(c, tx, db.Dialect, volunteerId, token);
            await RefuseOverlap(c, tx, volunteerId, 0, request.StartDate, request.EndDate, token);
            var row = new Row
            {
                VolunteerId = volunteerId, StartDate = request.StartDate, EndDate = request.EndDate,
                HourlyRateCents = request.HourlyRateCents, AnnualBudgetCents = request.AnnualBudgetCents,
                CreatedAt = now, UpdatedAt = now, Version = 1,
            };
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO agreements (volunteer_id, start_date, end_date, hourly_rate_cents, annual_budget_cents, created_at, updated_at, version) " +
                "VALUES (@VolunteerId, @StartDate, @EndDate, @HourlyRateCents, @AnnualBudgetCents, @CreatedAt, @UpdatedAt, @Version);" + db.Dialect.SelectInsertedId,
                row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, Caller.From(http.User), "agreement.created", "agreement", id,
                AuditSummary.Created(new { row.VolunteerId, row.StartDate, row.EndDate, row.HourlyRateCents, row.AnnualBudgetCents }), now, token);
            return row.ToResponse() with { Id = id };
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/volunteers/{volunteerId}/agreements/{row.Id}", row);
    }

    /// <summary>One volunteer's agreements, read in id order from (volunteer_id, id) (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "volunteer_id = @volunteerId").Sql($"SELECT {Columns} FROM agreements", dialect);

    private static async Task<Ok<Page<AgreementResponse>>> List(long volunteerId, [AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) =>
        {
            await EnsureVolunteer(c, null, db.Dialect, volunteerId, token);
            return (await c.QueryAsync<Row>(new CommandDefinition(
                ListSql(db.Dialect),
                new { volunteerId, after, take = limit + 1 }, cancellationToken: token))).AsList();
        }, ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static Task<Row?> Find(DbConnection c, DbTransaction? tx, long volunteerId, long agreementId, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM agreements WHERE id = @agreementId AND volunteer_id = @volunteerId",
            new { volunteerId, agreementId }, tx, cancellationToken: ct));

    private static async Task<Ok<AgreementResponse>> Get(long volunteerId, long agreementId, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => Find(c, null, volunteerId, agreementId, token), ct)
            ?? throw ApiProblemException.NotFound("agreement");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    /// <summary>
    /// The end date moved on by whole months. An agreement running to the end of a month keeps doing so
    /// (June 30 + 1 is July 31): otherwise the last day of the new month would fall between two agreements.
    /// </summary>
    internal static LocalDate ExtendedEnd(LocalDate end, int months)
    {
        var moved = end.PlusMonths(months);
        return end == DateAdjusters.EndOfMonth(end) ? DateAdjusters.EndOfMonth(moved) : moved;
    }

    private static async Task<Ok<AgreementResponse>> Extend(long volunteerId, long agreementId, ExtendAgreementRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            await EnsureVolunteer(c, tx, db.Dialect, volunteerId, token);
            var row = await Find(c, tx, volunteerId, agreementId, token) ?? throw ApiProblemException.NotFound("agreement");
            if (http.Request.Headers.IfMatch.Count > 0)
            {
                ETags.Require(http, row.Version);
            }
            var end = ExtendedEnd(row.EndDate, request.Months);
            new Checks().Date(end, "months").ThrowIfAny();
            await RefuseOverlap(c, tx, volunteerId, agreementId, row.StartDate, end, token);
            var before = new { row.EndDate };
            row.EndDate = end;
            row.UpdatedAt = clock.GetCurrentInstant();
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE agreements SET end_date = @EndDate, updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            row.Version++;
            await AuditTrail.WriteAsync(c, tx, Caller.From(http.User), "agreement.extended", "agreement", agreementId,
                AuditSummary.Changed(before, new { row.EndDate })!, row.UpdatedAt, token);
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
