using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>
/// One place of a sponsorship given to one volunteer for a date range, only with the volunteer's recorded consent.
/// Coordinators (and admins) record, end and revoke; finance reads. Sponsor keys never see allocations: a sponsor
/// sees counts and pseudonymous places in its report, not who holds a place.
/// </summary>
public static partial class AllocationEndpoints
{
    internal const string Columns = """
        id AS Id, sponsorship_id AS SponsorshipId, volunteer_id AS VolunteerId, start_date AS StartDate, end_date AS EndDate,
        consent_given_at AS ConsentGivenAt, consent_channel AS ConsentChannel, consent_note AS ConsentNote, name_in_reports AS NameInReports,
        recorded_by_key_id AS RecordedByKeyId, ended_at AS EndedAt, revoked_at AS RevokedAt, revoked_by_key_id AS RevokedByKeyId,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public const string SponsorshipFull = "sponsorship_full";

    public static void MapAllocations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sponsorships/{sponsorshipId:long}/allocations").WithTags("Sponsorships");
        group.MapPost("/", Create).WithName("CreateAllocation").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Give a place of a sponsorship to a volunteer, with the volunteer's consent")
            .WithDescription("Needs consent {givenAt (not in the future), channel, note?, nameInReports?}; the recording key is stored. The " +
                "range lies inside the sponsorship. On no day may more allocations overlap than the sponsorship has places (409 " +
                "sponsorship_full), and a volunteer has at most one allocation on a day (409 conflict). Audited as sponsor_allocation.created.")
            .Produces<AllocationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListAllocations").RequireAuthorization(Policies.Registry)
            .WithSummary("List a sponsorship's allocations")
            .WithDescription("Oldest first, ended and revoked ones included. Not for sponsor keys: who holds a place is not the sponsor's to see.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{allocationId:long}/end", End).WithName("EndAllocation").RequireAuthorization(Policies.Coordinator)
            .WithSummary("End an allocation earlier")
            .WithDescription("Moves the last day earlier (not before the start); a later date is a 409, as is ending one whose consent was " +
                "revoked. The same date changes nothing. Audited as sponsor_allocation.ended.")
            .Produces<AllocationResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        app.MapPost("/v1/volunteers/{volunteerId:long}/sponsor-consents/{allocationId:long}/revoke", Revoke).WithTags("Sponsorships")
            .WithName("RevokeSponsorConsent").RequireAuthorization(Policies.Coordinator)
            .WithSummary("Revoke a volunteer's consent to a sponsor")
            .WithDescription("Ends the allocation from today (Europe/Amsterdam): its last day becomes yesterday at the latest, so what was " +
                "credited before stays credited. Revoking twice is a 409. Audited as sponsor_allocation.revoked.")
            .Produces<AllocationResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long SponsorshipId { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate StartDate { get; init; }
        public LocalDate EndDate { get; set; }
        public Instant ConsentGivenAt { get; init; }
        public ConsentChannel ConsentChannel { get; init; }
        public string? ConsentNote { get; init; }
        public bool NameInReports { get; init; }
        public long? RecordedByKeyId { get; init; }
        public Instant? EndedAt { get; set; }
        public Instant? RevokedAt { get; set; }
        public long? RevokedByKeyId { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public AllocationResponse ToResponse() => this.Adapt<AllocationResponse>(Mappings.Config);
    }

    internal static ConsentResponse Consent(Row r) =>
        new(r.ConsentGivenAt, r.ConsentChannel, r.ConsentNote, r.NameInReports, r.RecordedByKeyId, r.RevokedAt, r.RevokedByKeyId);

    internal static Task<Row?> Find(DbConnection c, DbTransaction? tx, string table, string where, object args, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {table} WHERE {where}", args, tx, cancellationToken: ct));

    private static async Task<Created<AllocationResponse>> Create(long sponsorshipId, CreateAllocationRequest request, HttpContext http, Db db,
        IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        new Checks()
            .Date(request.StartDate, "startDate")
            .Date(request.EndDate, "endDate")
            .Require(request.StartDate <= request.EndDate, "endDate", "endDate must not lie before startDate.")
            .Require(request.Consent.GivenAt <= now, "consent.givenAt", "Consent cannot be given in the future.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            var place = await AllocationRules.CheckAsync(c, tx, db.Dialect, sponsorshipId, request, token);
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO sponsor_allocations (sponsorship_id, volunteer_id, start_date, end_date, consent_given_at, consent_channel, consent_note, " +
                "name_in_reports, recorded_by_key_id, created_at, updated_at, version) VALUES (@sponsorshipId, @VolunteerId, @StartDate, @EndDate, " +
                "@GivenAt, @Channel, @Note, @NameInReports, @KeyId, @now, @now, 1);" + db.Dialect.SelectInsertedId,
                new
                {
                    sponsorshipId, request.VolunteerId, request.StartDate, request.EndDate, request.Consent.GivenAt, request.Consent.Channel,
                    Note = Patch.Text(request.Consent.Note, null), request.Consent.NameInReports, caller.KeyId, now,
                }, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "sponsor_allocation.created", "sponsor_allocation", id, AuditSummary.Created(new
            {
                sponsorshipId, place.SponsorId, request.VolunteerId, request.StartDate, request.EndDate,
                consent = new { request.Consent.GivenAt, request.Consent.Channel, Note = Patch.Text(request.Consent.Note, null), request.Consent.NameInReports },
            }), now, token);
            return id;
        }, ct);
        var created = (await db.ReadAsync((c, token) => Find(c, null, "sponsor_allocations", "id = @id", new { id }, token), ct))!;
        ETags.Set(http, created.Version);
        return TypedResults.Created($"/v1/sponsorships/{sponsorshipId}/allocations/{id}", created.ToResponse());
    }

    /// <summary>A sponsorship's allocations in id order from (sponsorship_id, id) (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "sponsorship_id = @sponsorshipId").Sql($"SELECT {Columns} FROM sponsor_allocations", dialect);

    /// <summary>A volunteer's allocations in id order from (volunteer_id, id) (migration 0014): the AVG export's.</summary>
    internal static string VolunteerListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "volunteer_id = @volunteer").Sql($"SELECT {Columns} FROM sponsor_allocations", dialect);

    private static async Task<Ok<Page<AllocationResponse>>> List(long sponsorshipId, [AsParameters] PageQuery query, Db db, CancellationToken ct)
    {
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) =>
        {
            _ = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sponsorships WHERE id = @sponsorshipId", new { sponsorshipId },
                cancellationToken: token)) ?? throw ApiProblemException.NotFound("sponsorship");
            return (await c.QueryAsync<Row>(new CommandDefinition(ListSql(db.Dialect), new { after, sponsorshipId, take = limit + 1 },
                cancellationToken: token))).AsList();
        }, ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }
}
