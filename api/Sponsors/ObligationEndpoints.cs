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

/// <summary>A sponsor's SROI obligations from tenders. Finance and admin write; a sponsor key reads its own.</summary>
public static class ObligationEndpoints
{
    internal const string Columns = """
        id AS Id, sponsor_id AS SponsorId, tender_reference AS TenderReference, contracting_authority AS ContractingAuthority,
        obligation_cents AS ObligationCents, start_date AS StartDate, end_date AS EndDate,
        value_per_place_year_cents AS ValuePerPlaceYearCents, created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public static RouteGroupBuilder MapObligations(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sponsors/{sponsorId:long}/obligations").WithTags("Sponsors");

        group.MapPost("/", Create).WithName("CreateObligation").RequireAuthorization(Policies.Finance)
            .WithSummary("Record an SROI obligation of a sponsor")
            .WithDescription("An obligation from a tender: its reference, the contracting authority, the amount and period, and the SROI value " +
                "credited per place-year (default 500000). Audited as sroi_obligation.created.")
            .Produces<ObligationResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/", List).WithName("ListObligations").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("List a sponsor's SROI obligations")
            .WithDescription("Oldest first. A sponsor key gets 404 for any sponsor but its own.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{obligationId:long}", Get).WithName("GetObligation").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("Get an SROI obligation")
            .WithDescription("Carries an ETag for updates. An obligation of another sponsor is a 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{obligationId:long}", Update).WithName("UpdateObligation").RequireAuthorization(Policies.Finance)
            .WithSummary("Update an SROI obligation")
            .WithDescription("Changes the given fields; needs If-Match with the current ETag. Audited as sroi_obligation.changed with the " +
                "changed fields before and after.")
            .ProducesPatchProblems();
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long SponsorId { get; init; }
        public required string TenderReference { get; set; }
        public required string ContractingAuthority { get; set; }
        public long ObligationCents { get; set; }
        public LocalDate StartDate { get; set; }
        public LocalDate EndDate { get; set; }
        public long ValuePerPlaceYearCents { get; set; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public object Audited() => new { TenderReference, ContractingAuthority, ObligationCents, StartDate, EndDate, ValuePerPlaceYearCents };

        public ObligationResponse ToResponse() => this.Adapt<ObligationResponse>(Mappings.Config);
    }

    private static void Check(string? reference, string? authority, LocalDate? start, LocalDate? end, LocalDate effectiveStart, LocalDate effectiveEnd) =>
        new Checks()
            .NotBlank(reference, "tenderReference")
            .NotBlank(authority, "contractingAuthority")
            .Date(start, "startDate")
            .Date(end, "endDate")
            .Require(effectiveStart <= effectiveEnd, "endDate", "endDate must not lie before startDate.")
            .ThrowIfAny();

    private static async Task<Created<ObligationResponse>> Create(long sponsorId, CreateObligationRequest request, HttpContext http, Db db,
        IClock clock, CancellationToken ct)
    {
        Check(request.TenderReference, request.ContractingAuthority, request.StartDate, request.EndDate, request.StartDate, request.EndDate);
        var now = clock.GetCurrentInstant();
        var row = new Row
        {
            SponsorId = sponsorId, TenderReference = request.TenderReference.Trim(), ContractingAuthority = request.ContractingAuthority.Trim(),
            ObligationCents = request.ObligationCents, StartDate = request.StartDate, EndDate = request.EndDate,
            ValuePerPlaceYearCents = request.ValuePerPlaceYearCents, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        var caller = Caller.From(http.User);
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            _ = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sponsors WHERE id = @sponsorId", new { sponsorId }, tx,
                cancellationToken: token)) ?? throw ApiProblemException.NotFound("sponsor");
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO sroi_obligations (sponsor_id, tender_reference, contracting_authority, obligation_cents, start_date, end_date, " +
                "value_per_place_year_cents, created_at, updated_at, version) VALUES (@SponsorId, @TenderReference, @ContractingAuthority, " +
                "@ObligationCents, @StartDate, @EndDate, @ValuePerPlaceYearCents, @CreatedAt, @UpdatedAt, 1);" + db.Dialect.SelectInsertedId,
                row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "sroi_obligation.created", "sroi_obligation", id,
                AuditSummary.Created(Fields(sponsorId, row)), now, token);
            return id;
        }, ct);
        var created = (await Find(db, sponsorId, id, ct))!;
        ETags.Set(http, created.Version);
        return TypedResults.Created($"/v1/sponsors/{sponsorId}/obligations/{id}", created.ToResponse());
    }

    private static object Fields(long sponsorId, Row r) => new
    {
        sponsorId, r.TenderReference, r.ContractingAuthority, r.ObligationCents, r.StartDate, r.EndDate, r.ValuePerPlaceYearCents,
    };

    private static async Task<Row?> Find(Db db, long sponsorId, long id, CancellationToken ct) =>
        await db.ReadAsync((c, token) => c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM sroi_obligations WHERE id = @id AND sponsor_id = @sponsorId", new { id, sponsorId }, cancellationToken: token)), ct);

    /// <summary>A sponsor's obligations, in id order from (sponsor_id, id) (see <see cref="KeysetPage"/>).</summary>
    internal static string ListSql(SqlDialect dialect) =>
        new KeysetPage().When(true, "sponsor_id = @sponsorId").Sql($"SELECT {Columns} FROM sroi_obligations", dialect);

    private static async Task<Ok<Page<ObligationResponse>>> List(long sponsorId, [AsParameters] PageQuery query, HttpContext http, Db db, CancellationToken ct)
    {
        SponsorKeys.RequireVisible(Caller.From(http.User), sponsorId, "sponsor");
        var (limit, after) = query.Resolve();
        var rows = await db.ReadAsync(async (c, token) =>
        {
            _ = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM sponsors WHERE id = @sponsorId", new { sponsorId },
                cancellationToken: token)) ?? throw ApiProblemException.NotFound("sponsor");
            return (await c.QueryAsync<Row>(new CommandDefinition(ListSql(db.Dialect), new { after, sponsorId, take = limit + 1 },
                cancellationToken: token))).AsList();
        }, ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<ObligationResponse>> Get(long sponsorId, long obligationId, HttpContext http, Db db, CancellationToken ct)
    {
        SponsorKeys.RequireVisible(Caller.From(http.User), sponsorId, "SROI obligation");
        var row = await Find(db, sponsorId, obligationId, ct) ?? throw ApiProblemException.NotFound("SROI obligation");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    private static async Task<Ok<ObligationResponse>> Update(long sponsorId, long obligationId, UpdateObligationRequest request, HttpContext http,
        Db db, IClock clock, CancellationToken ct)
    {
        new Checks().NotBlank(request.TenderReference, "tenderReference").NotBlank(request.ContractingAuthority, "contractingAuthority")
            .Date(request.StartDate, "startDate").Date(request.EndDate, "endDate").ThrowIfAny();
        var caller = Caller.From(http.User);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                $"SELECT {Columns} FROM {db.Dialect.Locked("sroi_obligations")} WHERE id = @obligationId AND sponsor_id = @sponsorId",
                new { obligationId, sponsorId }, tx, cancellationToken: token)) ?? throw ApiProblemException.NotFound("SROI obligation");
            ETags.Require(http, row.Version);
            var before = row.Audited();
            row.TenderReference = request.TenderReference?.Trim() ?? row.TenderReference;
            row.ContractingAuthority = request.ContractingAuthority?.Trim() ?? row.ContractingAuthority;
            row.ObligationCents = request.ObligationCents ?? row.ObligationCents;
            row.StartDate = request.StartDate ?? row.StartDate;
            row.EndDate = request.EndDate ?? row.EndDate;
            row.ValuePerPlaceYearCents = request.ValuePerPlaceYearCents ?? row.ValuePerPlaceYearCents;
            row.UpdatedAt = clock.GetCurrentInstant();
            Check(null, null, null, null, row.StartDate, row.EndDate);
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sroi_obligations SET tender_reference = @TenderReference, contracting_authority = @ContractingAuthority, " +
                "obligation_cents = @ObligationCents, start_date = @StartDate, end_date = @EndDate, value_per_place_year_cents = @ValuePerPlaceYearCents, " +
                "updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version", row, tx, cancellationToken: token)));
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                await AuditTrail.WriteAsync(c, tx, caller, "sroi_obligation.changed", "sroi_obligation", obligationId, change, row.UpdatedAt, token);
            }
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
