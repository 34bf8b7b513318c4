using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary>The limits table and each volunteer's headroom.</summary>
public static class AllowanceEndpoints
{
    public static IEndpointRouteBuilder MapAllowance(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/v1/allowance-limits").WithTags("Allowance");
        limits.MapGet("/", ListLimits).WithName("ListAllowanceLimits").RequireAuthorization(Policies.Finance)
            .WithSummary("List the allowance limits")
            .WithDescription("Every year that has limits, oldest first. Years without limits refuse payouts (allowance_limits_missing).");
        limits.MapGet("/{year:int}", GetLimits).WithName("GetAllowanceLimits").RequireAuthorization(Policies.Finance)
            .WithSummary("Get one year's limits")
            .WithDescription("Carries an ETag; send it as If-Match to replace the year with PUT.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        limits.MapPut("/{year:int}", LimitsPut.Handle).WithName("PutAllowanceLimits").RequireAuthorization(Policies.Admin)
            .WithSummary("Set one year's limits")
            .WithDescription("Accepts the body GET returns (year, when sent, must equal the path; updatedAt is ignored). Creates a year (2000 to 2100) " +
                "with 201 and needs no If-Match for it (If-None-Match: * makes sure nothing is replaced); replacing an existing year needs " +
                "If-Match with its ETag (428 without, 412 stale) and answers 200. Values equal to the stored ones change nothing and write no audit row. " +
                "All positive, monthly at most annual, under-21 rate at most the 21+ rate. The seeded statutory years (2023-2025, the " +
                "Belastingdienst's published figures) never change: 409 statutory_limits_fixed. Once payouts count in a year every value may only " +
                "go up: a decrease is a 409 conflict listing the volunteerIds it would push over. Audited.")
            .Accepts<PutAllowanceLimitsRequest>("application/json")
            .Produces<AllowanceLimitsResponse>()
            .Produces<AllowanceLimitsResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        app.MapGet("/v1/volunteers/{volunteerId:long}/allowance/{year:int}", Headroom).WithName("GetAllowanceHeadroom").WithTags("Allowance")
            .RequireAuthorization(Policies.Registry)
            .WithSummary("A volunteer's allowance headroom in a year")
            .WithDescription("The legal and effective annual caps, what counts, what is left, and all twelve months with their own limit, counted and headroom " +
                "(a month's headroom never exceeds the year's). Counted is the scheme's payouts plus the allowances declared from other organisations " +
                "(POST /v1/volunteers/{id}/outside-allowances). Read from running totals, so its cost does not grow with the payout history.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    internal static AllowanceLimitsResponse ToResponse(LimitsSql.LimitsRow r) => r.Adapt<AllowanceLimitsResponse>(Mappings.Config);

    private static async Task<Ok<IReadOnlyList<AllowanceLimitsResponse>>> ListLimits(Db db, CancellationToken ct)
    {
        var rows = await db.ReadAsync(LimitsSql.All, ct);
        return TypedResults.Ok<IReadOnlyList<AllowanceLimitsResponse>>(rows.Select(ToResponse).ToList());
    }

    private static async Task<Ok<AllowanceLimitsResponse>> GetLimits(int year, HttpContext http, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => LimitsSql.Limits(c, null, year, token), ct)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No allowance limits are set for {year}.");
        ETags.Set(http, row.Version);
        return TypedResults.Ok(ToResponse(row));
    }

    /// <summary>
    /// Everything the headroom reads besides the limits, in one statement: one snapshot, so the year's total, its months
    /// and the agreements cannot straddle a payout's commit (three statements could show a year that disagrees with its
    /// months), and one prepared statement instead of three (issue 12, part 4). Each part fills its own columns:
    /// <list type="bullet">
    /// <item>0, the volunteer: what counts in the year (the scheme's payouts plus the allowances declared from other
    /// organisations, migration 0017; 0 before anything counted). No such row: no such volunteer.</item>
    /// <item>1, a month of the year that has counted: its period and what counts in it.</item>
    /// <item>2, an agreement that touches the year: its dates, rate and budget.</item>
    /// </list>
    /// The NULLs of the first part are typed, so SQL Server gives each column its type from them. No ORDER BY: the
    /// parts are told apart by their first column, and the cap is a minimum over the agreements, whatever their order.
    /// </summary>
    internal const string HeadroomSql = """
        SELECT 0 AS part,
               COALESCE((SELECT t.counted_cents + t.outside_cents FROM allowance_year_totals t WHERE t.volunteer_id = v.id AND t.year = @year), 0) AS counted,
               CAST(NULL AS CHAR(7)) AS period, CAST(NULL AS DATE) AS start_date, CAST(NULL AS DATE) AS end_date,
               CAST(NULL AS BIGINT) AS hourly_rate_cents, CAST(NULL AS BIGINT) AS annual_budget_cents
        FROM volunteers v WHERE v.id = @volunteerId
        UNION ALL
        SELECT 1, m.counted_cents + m.outside_cents, m.period, NULL, NULL, NULL, NULL
        FROM allowance_month_totals m WHERE m.volunteer_id = @volunteerId AND m.period >= @firstMonth AND m.period <= @lastMonth
        UNION ALL
        SELECT 2, 0, NULL, a.start_date, a.end_date, a.hourly_rate_cents, a.annual_budget_cents
        FROM agreements a WHERE a.volunteer_id = @volunteerId AND a.start_date <= @lastDay AND a.end_date >= @firstDay
        """;

    private static async Task<Ok<AllowanceHeadroomResponse>> Headroom(long volunteerId, int year, Db db, LimitsCache cache, CancellationToken ct) =>
        TypedResults.Ok(await ReadHeadroomAsync(volunteerId, year, db, cache, ct));

    /// <summary>One volunteer's headroom in a year: the figures of this endpoint and of <c>GET /v1/me/allowance/{year}</c>.</summary>
    internal static async Task<AllowanceHeadroomResponse> ReadHeadroomAsync(long volunteerId, int year, Db db, LimitsCache cache, CancellationToken ct)
    {
        new Checks().Require(year is >= 2000 and <= 2100, "year", "year must lie between 2000 and 2100.").ThrowIfAny();
        return await db.ReadAsync(async (c, token) =>
        {
            long? countedYear = null;
            var months = new Dictionary<string, long>(StringComparer.Ordinal);
            var agreements = new List<AgreementTerms>();
            var command = new CommandDefinition(HeadroomSql, new
            {
                volunteerId,
                year,
                firstMonth = new YearMonth(year, 1),
                lastMonth = new YearMonth(year, 12),
                firstDay = new LocalDate(year, 1, 1),
                lastDay = new LocalDate(year, 12, 31),
            }, cancellationToken: token);
            await using (var r = await c.ExecuteReaderAsync(command))
            {
                while (await r.ReadAsync(token))
                {
                    switch (r.GetInt32(0))
                    {
                        case 0:
                            countedYear = r.GetInt64(1);
                            break;
                        case 1:
                            months[r.GetString(2).Trim()] = r.GetInt64(1);
                            break;
                        default:
                            agreements.Add(new AgreementTerms(RowReader.Date(r, 3), RowReader.Date(r, 4), RowReader.NullableInt64(r, 5), RowReader.NullableInt64(r, 6)));
                            break;
                    }
                }
            }
            if (countedYear is not { } counted)
            {
                throw ApiProblemException.NotFound("volunteer");
            }
            var limits = await CachedLimits(c, cache, year, token)
                ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
                    $"No allowance limits are set for {year}; an admin sets them with PUT /v1/allowance-limits/{year}.");
            return Build(volunteerId, year, limits, agreements, counted, months);
        }, ct);
    }

    /// <summary>
    /// The headroom from the year's figures: what counts in the year and per month (by yyyy-MM). The annual statement builds its
    /// figures with this too, so the two can never disagree.
    /// </summary>
    internal static AllowanceHeadroomResponse Build(long volunteerId, int year, Limits limits, IReadOnlyList<AgreementTerms> agreements, long countedYear,
        IReadOnlyDictionary<string, long> countedMonths)
    {
        var yearRoom = AllowanceRules.Year(limits, agreements, countedYear);
        var perMonth = Enumerable.Range(1, 12).Select(m =>
        {
            var period = new YearMonth(year, m);
            var room = AllowanceRules.Month(limits, period, countedMonths.GetValueOrDefault(AllowanceRules.Iso(period)), yearRoom);
            return new MonthHeadroomResponse(period, room.LimitCents, room.CountedCents, room.HeadroomCents);
        }).ToList();
        return new AllowanceHeadroomResponse(volunteerId, year, yearRoom.LegalAnnualCents, yearRoom.EffectiveCapCents,
            yearRoom.CountedCents, yearRoom.HeadroomCents, perMonth);
    }

    private static async Task<Limits?> CachedLimits(System.Data.Common.DbConnection c, LimitsCache cache, int year, CancellationToken ct)
    {
        if (cache.TryGet(year, out var cached))
        {
            return cached;
        }
        var generation = cache.Generation;
        var limits = (await LimitsSql.Limits(c, null, year, ct))?.ToLimits();
        if (limits is not null)
        {
            cache.Add(year, limits, generation);
        }
        return limits;
    }
}
