using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

/// <summary>Places a sponsor funds for a period. Finance and admin write; coordinators read; a sponsor key reads its own.</summary>
public static partial class SponsorshipEndpoints
{
    internal const string Columns = """
        id AS Id, sponsor_id AS SponsorId, obligation_id AS ObligationId, start_date AS StartDate, end_date AS EndDate, places AS Places,
        allowance_per_place_cents AS AllowancePerPlaceCents, overhead_per_place_cents AS OverheadPerPlaceCents, status AS Status,
        amount_due_cents AS AmountDueCents, allowance_budget_cents AS AllowanceBudgetCents, drawn_cents AS DrawnCents,
        created_at AS CreatedAt, updated_at AS UpdatedAt, version AS Version
        """;

    public const string SponsorInactive = "sponsor_inactive";

    public static RouteGroupBuilder MapSponsorships(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/sponsorships").WithTags("Sponsorships");

        group.MapPost("/", Create).WithName("CreateSponsorship").RequireAuthorization(Policies.Finance)
            .WithSummary("Record a sponsorship")
            .WithDescription("A sponsor funds places for a period, optionally counted toward one of its SROI obligations. amountDueCents and " +
                "allowanceBudgetCents are derived: places x the per-place amounts x the share of a year the period covers (exact days per " +
                "calendar year, rounded down once). A deactivated sponsor is refused with 422 sponsor_inactive. Audited as sponsorship.created.")
            .Produces<SponsorshipResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListSponsorships").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("List sponsorships")
            .WithDescription("Oldest first, filtered by sponsorId, obligationId and status. A sponsor key sees only its own sponsor's.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetSponsorship").RequireAuthorization(Policies.RegistryOrSponsor)
            .WithSummary("Get a sponsorship")
            .WithDescription("Carries an ETag for updates. A sponsor key gets 404 for another sponsor's sponsorship.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPatch("/{id:long}", Update).WithName("UpdateSponsorship").RequireAuthorization(Policies.Finance)
            .WithSummary("Change a sponsorship's period, places or status")
            .WithDescription("Needs If-Match. Period and places change only while committed, never so that an allocation falls outside the " +
                "period, more allocations overlap than places, or the allowance budget drops below what payouts drew (409 conflict). Status " +
                "moves committed -> invoiced -> paid, or to cancelled from committed or invoiced, never while a payout that is not cancelled " +
                "or rejected draws on it. Audited as sponsorship.changed or sponsorship.<status>.")
            .ProducesPatchProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    internal sealed class Row
    {
        public long Id { get; init; }
        public long SponsorId { get; init; }
        public long? ObligationId { get; init; }
        public LocalDate StartDate { get; set; }
        public LocalDate EndDate { get; set; }
        public int Places { get; set; }
        public long AllowancePerPlaceCents { get; init; }
        public long OverheadPerPlaceCents { get; init; }
        public SponsorshipStatus Status { get; set; }
        public long AmountDueCents { get; set; }
        public long AllowanceBudgetCents { get; set; }
        public long DrawnCents { get; init; }
        public Instant CreatedAt { get; init; }
        public Instant UpdatedAt { get; set; }
        public int Version { get; set; }

        public void Derive()
        {
            AmountDueCents = SponsorshipTerms.AmountDue(Places, AllowancePerPlaceCents, OverheadPerPlaceCents, StartDate, EndDate);
            AllowanceBudgetCents = SponsorshipTerms.AllowanceBudget(Places, AllowancePerPlaceCents, StartDate, EndDate);
        }

        public object Audited() => new { StartDate, EndDate, Places, Status, AmountDueCents, AllowanceBudgetCents };

        public SponsorshipResponse ToResponse() => this.Adapt<SponsorshipResponse>(Mappings.Config);
    }

    private static async Task<Created<SponsorshipResponse>> Create(CreateSponsorshipRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks()
            .Date(request.StartDate, "startDate")
            .Date(request.EndDate, "endDate")
            .Require(request.StartDate <= request.EndDate, "endDate", "endDate must not lie before startDate.")
            .ThrowIfAny();
        var now = clock.GetCurrentInstant();
        var row = new Row
        {
            SponsorId = request.SponsorId, ObligationId = request.ObligationId, StartDate = request.StartDate, EndDate = request.EndDate,
            Places = request.Places, AllowancePerPlaceCents = request.AllowancePerPlaceCents, OverheadPerPlaceCents = request.OverheadPerPlaceCents,
            Status = SponsorshipStatus.Committed, CreatedAt = now, UpdatedAt = now, Version = 1,
        };
        row.Derive();
        var caller = Caller.From(http.User);
        var id = await db.WriteAsync(async (c, tx, token) =>
        {
            // Read under lock: a deactivation racing with this create waits for it (SQL Server), or runs before or after it (SQLite).
            var active = await c.ExecuteScalarAsync<bool?>(new CommandDefinition(
                $"SELECT active FROM {db.Dialect.Locked("sponsors")} WHERE id = @SponsorId", row, tx, cancellationToken: token));
            var obligationSponsor = request.ObligationId is null ? null : await c.ExecuteScalarAsync<long?>(new CommandDefinition(
                "SELECT sponsor_id FROM sroi_obligations WHERE id = @ObligationId", row, tx, cancellationToken: token));
            new Checks()
                .Require(active is not null, "sponsorId", "No sponsor with that id.")
                .Require(request.ObligationId is null || obligationSponsor == request.SponsorId, "obligationId", "No SROI obligation of this sponsor with that id.")
                .ThrowIfAny();
            if (active is false)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, SponsorInactive, "Sponsor inactive",
                    $"Sponsor {request.SponsorId} is deactivated; new sponsorships for it are refused until it is reactivated.");
            }
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO sponsorships (sponsor_id, obligation_id, start_date, end_date, places, allowance_per_place_cents, overhead_per_place_cents, " +
                "status, amount_due_cents, allowance_budget_cents, drawn_cents, created_at, updated_at, version) VALUES (@SponsorId, @ObligationId, " +
                "@StartDate, @EndDate, @Places, @AllowancePerPlaceCents, @OverheadPerPlaceCents, @Status, @AmountDueCents, @AllowanceBudgetCents, 0, " +
                "@CreatedAt, @UpdatedAt, 1);" + db.Dialect.SelectInsertedId, row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "sponsorship.created", "sponsorship", id, AuditSummary.Created(new
            {
                row.SponsorId, row.ObligationId, row.StartDate, row.EndDate, row.Places, row.AllowancePerPlaceCents, row.OverheadPerPlaceCents,
                row.Status, row.AmountDueCents, row.AllowanceBudgetCents,
            }), now, token);
            return id;
        }, ct);
        var created = await db.ReadAsync((c, token) => Find(c, null, id, token), ct);
        ETags.Set(http, created!.Version);
        return TypedResults.Created($"/v1/sponsorships/{id}", created.ToResponse());
    }

    internal static Task<Row?> Find(DbConnection c, DbTransaction? tx, long id, CancellationToken ct, string table = "sponsorships") =>
        c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition($"SELECT {Columns} FROM {table} WHERE id = @id", new { id }, tx, cancellationToken: ct));

    public sealed record Filter(
        [FromQuery(Name = "sponsorId")] long? SponsorId,
        [FromQuery(Name = "obligationId")] long? ObligationId,
        [FromQuery(Name = "status"), EnumQuery(typeof(SponsorshipStatus))] string? Status,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    /// <summary>
    /// The filters of <c>GET /v1/sponsorships</c> (see <see cref="KeysetPage"/>): (sponsor_id, id), (obligation_id, id) and
    /// (status, id) each serve their filter in id order. A sponsor key's own sponsor is one more sponsor_id predicate.
    /// </summary>
    internal sealed record ListCriteria(long? Sponsor, long? OwnSponsor, long? Obligation, SponsorshipStatus? Status)
    {
        public string Sql(SqlDialect dialect) => new KeysetPage()
            .When(OwnSponsor is not null, "sponsor_id = @ownSponsor")
            .When(Sponsor is not null, "sponsor_id = @sponsor")
            .When(Obligation is not null, "obligation_id = @obligation")
            .When(Status is not null, "status = @status")
            .Sql($"SELECT {Columns} FROM sponsorships", dialect);

        public object Args(long after, int take) => new { after, take, sponsor = Sponsor, ownSponsor = OwnSponsor, obligation = Obligation, status = Status };
    }

    private static async Task<Ok<Page<SponsorshipResponse>>> List([AsParameters] Filter filter, HttpContext http, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var caller = Caller.From(http.User);
        var criteria = new ListCriteria(filter.SponsorId, caller.IsSponsor ? caller.SponsorId : null, filter.ObligationId,
            EnumQuery.Parse<SponsorshipStatus>(filter.Status, "status"));
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<Row>(new CommandDefinition(
            criteria.Sql(db.Dialect), criteria.Args(after, limit + 1), cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToResponse()));
    }

    private static async Task<Ok<SponsorshipResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => Find(c, null, id, token), ct) ?? throw ApiProblemException.NotFound("sponsorship");
        SponsorKeys.RequireVisible(Caller.From(http.User), row.SponsorId, "sponsorship");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }
}
