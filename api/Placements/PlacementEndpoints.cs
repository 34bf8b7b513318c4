using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Volunteers;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Placements;

/// <summary>Volunteer x organisation. Partners read their own organisation's placements only.</summary>
public static class PlacementEndpoints
{
    private const string Select = """
        SELECT p.id AS Id, p.volunteer_id AS VolunteerId, v.first_name AS FirstName, v.last_name AS LastName,
               p.organisation_id AS OrganisationId, p.start_date AS StartDate, p.end_date AS EndDate, p.activity AS Activity,
               p.hours_per_week AS HoursPerWeek, p.created_at AS CreatedAt, p.updated_at AS UpdatedAt, p.version AS Version
        FROM placements p JOIN volunteers v ON v.id = p.volunteer_id
        """;

    public sealed record Filter(
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "volunteerId")] long? VolunteerId,
        [FromQuery(Name = "organisationId")] long? OrganisationId);

    public static RouteGroupBuilder MapPlacements(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/placements").WithTags("Placements");

        group.MapPost("/", Create).WithName("CreatePlacement").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Place a volunteer at an organisation")
            .WithDescription("Both must exist and be active; endDate, when given, must not lie before startDate.")
            .Produces<PlacementResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/", List).WithName("ListPlacements").RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("List placements")
            .WithDescription("Oldest first, optionally for one volunteer or organisation. A partner key sees its own organisation's placements only; volunteers appear by first name and last-name initial.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPlacement").RequireAuthorization(Policies.RegistryOrPartner)
            .WithSummary("Get a placement")
            .WithDescription("Carries an ETag for updates. A partner key gets 404 for another organisation's placement.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Update).WithName("UpdatePlacement").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Update or end a placement")
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. Setting endDate ends the placement.")
            .ProducesPatchProblems();
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public required string FirstName { get; init; }
        public required string LastName { get; init; }
        public long OrganisationId { get; init; }
        public LocalDate StartDate { get; set; }
        public LocalDate? EndDate { get; set; }
        public required string Activity { get; set; }
        public int? HoursPerWeek { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public PlacementResponse ToResponse() => this.Adapt<PlacementResponse>(Mappings.Config);
    }

    private static AuditedFields Fields(Row row) => new(row.StartDate, row.EndDate, row.Activity, row.HoursPerWeek);

    private sealed record AuditedFields(LocalDate StartDate, LocalDate? EndDate, string Activity, int? HoursPerWeek);

    private static void Check(LocalDate start, LocalDate? end, string? activity) => new Checks()
        .NotBlank(activity, "activity")
        .Date(start, "startDate")
        .Date(end, "endDate")
        .Require(end is null || start <= end, "endDate", "endDate must not lie before startDate.")
        .ThrowIfAny();

    internal static Task<Row?> Find(DbConnection c, DbTransaction? tx, long id, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(Select + " WHERE p.id = @id", new { id }, tx, cancellationToken: ct));

    private static async Task<Created<PlacementResponse>> Create(CreatePlacementRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        Check(request.StartDate, request.EndDate, request.Activity);
        var now = clock.GetCurrentInstant();
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var volunteerActive = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
                "SELECT active FROM volunteers WHERE id = @VolunteerId", request, tx, cancellationToken: token));
            var organisationActive = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
                "SELECT active FROM organisations WHERE id = @OrganisationId", request, tx, cancellationToken: token));
            new Checks()
                .Require(volunteerActive is not null, "volunteerId", "No volunteer with that id.")
                .Require(volunteerActive is not false, "volunteerId", "The volunteer is deactivated.")
                .Require(organisationActive is not null, "organisationId", "No organisation with that id.")
                .Require(organisationActive is not false, "organisationId", "The organisation is deactivated.")
                .ThrowIfAny();
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO placements (volunteer_id, organisation_id, start_date, end_date, activity, hours_per_week, created_at, updated_at, version) " +
                "VALUES (@VolunteerId, @OrganisationId, @StartDate, @EndDate, @Activity, @HoursPerWeek, @Now, @Now, 1);" + db.Dialect.SelectInsertedId,
                new { request.VolunteerId, request.OrganisationId, request.StartDate, request.EndDate, Activity = request.Activity.Trim(), request.HoursPerWeek, Now = now },
                tx, cancellationToken: token));
            var created = (await Find(c, tx, id, token))!;
            await AuditTrail.WriteAsync(c, tx, Caller.From(http.User), "placement.created", "placement", id,
                AuditSummary.Created(new { created.VolunteerId, created.OrganisationId, created.StartDate, created.EndDate, created.Activity, created.HoursPerWeek }),
                now, token);
            return created;
        }, ct);
        ETags.Set(http, 1);
        return TypedResults.Created($"/v1/placements/{row!.Id}", row.ToResponse());
    }

    private static async Task<Ok<Page<PlacementResponse>>> List([AsParameters] Filter filter, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var caller = Caller.From(http.User);
        // A partner sees its own organisation only: asking for another one gives an empty page (not its own
        // placements under the other's id, and no hint whether the other has any).
        var org = caller.IsPartner ? caller.OrganisationId : filter.OrganisationId;
        if (caller.IsPartner && filter.OrganisationId is { } asked && asked != caller.OrganisationId)
        {
            return TypedResults.Ok(new Page<PlacementResponse>([], null));
        }
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            ListSql(org is not null, filter.VolunteerId is not null, db.Dialect),
            new { after, org, volunteer = filter.VolunteerId, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    /// <summary>Only the filters given go into the WHERE (see <see cref="KeysetPage"/>); (organisation_id, id) and (volunteer_id, id) serve them.</summary>
    internal static string ListSql(bool byOrganisation, bool byVolunteer, SqlDialect dialect) => new KeysetPage("p.id")
        .When(byOrganisation, "p.organisation_id = @org")
        .When(byVolunteer, "p.volunteer_id = @volunteer")
        .Sql(Select, dialect);

    private static async Task<Ok<PlacementResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var row = await db.ReadAsync((c, token) => Find(c, null, id, token), ct);
        if (row is null || (caller.IsPartner && row.OrganisationId != caller.OrganisationId))
        {
            throw ApiProblemException.NotFound("placement");
        }
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<PlacementResponse>> Update(long id, UpdatePlacementRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var version = await c.ExecuteScalarAsync<int?>(new CommandDefinition(
                $"SELECT version FROM {db.Dialect.Locked("placements")} WHERE id = @id", new { id }, tx, cancellationToken: token))
                ?? throw ApiProblemException.NotFound("placement");
            var row = (await Find(c, tx, id, token))!;
            ETags.Require(http, version);
            var before = Fields(row);
            row.StartDate = request.StartDate ?? row.StartDate;
            row.EndDate = request.EndDate ?? row.EndDate;
            row.Activity = request.Activity?.Trim() ?? row.Activity;
            row.HoursPerWeek = request.HoursPerWeek ?? row.HoursPerWeek;
            row.UpdatedAt = clock.GetCurrentInstant();
            Check(row.StartDate, row.EndDate, request.Activity);
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE placements SET start_date = @StartDate, end_date = @EndDate, activity = @Activity, hours_per_week = @HoursPerWeek, " +
                "updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version",
                row, tx, cancellationToken: token)));
            row.Version++;
            // Setting the first end date ends the placement; anything else, a later end date included, is a change.
            if (AuditSummary.Changed(before, Fields(row)) is { } summary)
            {
                await AuditTrail.WriteAsync(c, tx, Caller.From(http.User), before.EndDate is null && row.EndDate is not null ? "placement.ended" : "placement.changed",
                    "placement", id, summary, row.UpdatedAt, token);
            }
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
