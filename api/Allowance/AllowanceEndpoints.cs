using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using Dapper;
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
            .ProducesProblem(StatusCodes.Status404NotFound);
        limits.MapPut("/{year:int}", PutLimits).WithName("PutAllowanceLimits").RequireAuthorization(Policies.Admin)
            .WithSummary("Set one year's limits")
            .WithDescription("Creates (201) or replaces (200) a year's limits (2000 to 2100). All positive, monthly at most annual, under-21 rate at most the 21+ rate. " +
                "Once payouts count in that year every value may only go up: a decrease is a 409 conflict listing the volunteerIds it would push over. Audited.")
            .Produces<AllowanceLimitsResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict);

        app.MapGet("/v1/volunteers/{volunteerId:long}/allowance/{year:int}", Headroom).WithName("GetAllowanceHeadroom").WithTags("Allowance")
            .RequireAuthorization(Policies.Registry)
            .WithSummary("A volunteer's allowance headroom in a year")
            .WithDescription("The legal and effective annual caps, what counts, what is left, and all twelve months with their own limit, counted and headroom " +
                "(a month's headroom never exceeds the year's). Read from running totals, so its cost does not grow with the payout history.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static AllowanceLimitsResponse ToResponse(PayoutSql.LimitsRow r) =>
        new(r.Year, r.AnnualCents, r.MonthlyCents, r.HourlyCents, r.HourlyUnder21Cents, r.UpdatedAt);

    private static async Task<Ok<IReadOnlyList<AllowanceLimitsResponse>>> ListLimits(Db db, CancellationToken ct)
    {
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<PayoutSql.LimitsRow>(new CommandDefinition(
            $"SELECT {PayoutSql.LimitsColumns} FROM allowance_limits ORDER BY year", cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok<IReadOnlyList<AllowanceLimitsResponse>>(rows.Select(ToResponse).ToList());
    }

    private static async Task<Ok<AllowanceLimitsResponse>> GetLimits(int year, Db db, CancellationToken ct)
    {
        var row = await db.ReadAsync((c, token) => PayoutSql.Limits(c, null, year, token), ct)
            ?? throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No allowance limits are set for {year}.");
        return TypedResults.Ok(ToResponse(row));
    }

    private static async Task<IResult> PutLimits(int year, PutAllowanceLimitsRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks()
            .Require(year is >= 2000 and <= 2100, "year", "year must lie between 2000 and 2100.")
            .Require(request.MonthlyCents <= request.AnnualCents, "monthlyCents", "monthlyCents may not exceed annualCents.")
            .Require(request.HourlyUnder21Cents <= request.HourlyCents, "hourlyUnder21Cents", "hourlyUnder21Cents may not exceed hourlyCents.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        var created = await db.WriteAsync(async (c, tx, token) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<PayoutSql.LimitsRow>(new CommandDefinition(
                $"SELECT {PayoutSql.LimitsColumns} FROM {db.Dialect.Locked("allowance_limits")} WHERE year = @year", new { year }, tx, cancellationToken: token));
            if (before is not null)
            {
                await RefuseDecreaseWhenCounted(c, tx, year, before, request, token);
            }
            var parameters = new { year, request.AnnualCents, request.MonthlyCents, request.HourlyCents, request.HourlyUnder21Cents, now };
            await c.ExecuteAsync(new CommandDefinition(before is null
                ? "INSERT INTO allowance_limits (year, annual_cents, monthly_cents, hourly_cents, hourly_under21_cents, updated_at) VALUES (@year, @AnnualCents, @MonthlyCents, @HourlyCents, @HourlyUnder21Cents, @now)"
                : "UPDATE allowance_limits SET annual_cents = @AnnualCents, monthly_cents = @MonthlyCents, hourly_cents = @HourlyCents, hourly_under21_cents = @HourlyUnder21Cents, updated_at = @now WHERE year = @year",
                parameters, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, before is null ? "limits.created" : "limits.changed", "allowance_limits", year,
                new { before = before is null ? null : new { before.AnnualCents, before.MonthlyCents, before.HourlyCents, before.HourlyUnder21Cents },
                      after = new { request.AnnualCents, request.MonthlyCents, request.HourlyCents, request.HourlyUnder21Cents } }, now, token);
            return before is null;
        }, ct);
        var body = new AllowanceLimitsResponse(year, request.AnnualCents, request.MonthlyCents, request.HourlyCents, request.HourlyUnder21Cents, now);
        return created ? TypedResults.Created($"/v1/allowance-limits/{year}", body) : TypedResults.Ok(body);
    }

    /// <summary>Once payouts count in a year, its limits may only go up; a decrease names who it would push over.</summary>
    private static async Task RefuseDecreaseWhenCounted(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, int year,
        PayoutSql.LimitsRow before, PutAllowanceLimitsRequest request, CancellationToken ct)
    {
        var decreases = request.AnnualCents < before.AnnualCents || request.MonthlyCents < before.MonthlyCents
            || request.HourlyCents < before.HourlyCents || request.HourlyUnder21Cents < before.HourlyUnder21Cents;
        if (!decreases)
        {
            return;
        }
        var anyCounted = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM allowance_year_totals WHERE year = @year AND counted_cents > 0", new { year }, tx, cancellationToken: ct));
        if (anyCounted == 0)
        {
            return;
        }
        var pushedOver = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT volunteer_id FROM allowance_year_totals WHERE year = @year AND counted_cents > @annual " +
            "UNION SELECT volunteer_id FROM allowance_month_totals WHERE period >= @first AND period <= @last AND counted_cents > @monthly ORDER BY 1",
            new { year, annual = request.AnnualCents, monthly = request.MonthlyCents, first = new YearMonth(year, 1), last = new YearMonth(year, 12) },
            tx, cancellationToken: ct))).AsList();
        throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
            $"Payouts already count in {year}, so its limits may only go up; this change lowers them and would push {pushedOver.Count} volunteer(s) over.",
            new Dictionary<string, object?> { ["volunteerIds"] = pushedOver });
    }

    private static async Task<Ok<AllowanceHeadroomResponse>> Headroom(long volunteerId, int year, Db db, CancellationToken ct)
    {
        new Checks().Require(year is >= 2000 and <= 2100, "year", "year must lie between 2000 and 2100.").ThrowIfAny();
        return TypedResults.Ok(await db.ReadAsync(async (c, token) =>
        {
            _ = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT id FROM volunteers WHERE id = @volunteerId", new { volunteerId }, cancellationToken: token))
                ?? throw ApiProblemException.NotFound("volunteer");
            var limits = (await PayoutSql.Limits(c, null, year, token))?.ToLimits()
                ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
                    $"No allowance limits are set for {year}; an admin sets them with PUT /v1/allowance-limits/{year}.");
            var agreements = (await PayoutSql.AgreementsInYear(c, null, volunteerId, year, token)).Select(a => a.ToTerms()).ToList();
            var countedYear = await PayoutSql.CountedYear(c, null, db.Dialect, volunteerId, year, token);
            var months = (await c.QueryAsync<(string Period, long Counted)>(new CommandDefinition(
                "SELECT period, counted_cents FROM allowance_month_totals WHERE volunteer_id = @volunteerId AND period >= @first AND period <= @last",
                new { volunteerId, first = new YearMonth(year, 1), last = new YearMonth(year, 12) }, cancellationToken: token)))
                .ToDictionary(m => m.Period.Trim(), m => m.Counted, StringComparer.Ordinal);
            var yearRoom = AllowanceRules.Year(limits, agreements, countedYear);
            var perMonth = Enumerable.Range(1, 12).Select(m =>
            {
                var period = new YearMonth(year, m);
                var room = AllowanceRules.Month(limits, period, months.GetValueOrDefault(AllowanceRules.Iso(period)), yearRoom);
                return new MonthHeadroomResponse(period, room.LimitCents, room.CountedCents, room.HeadroomCents);
            }).ToList();
            return new AllowanceHeadroomResponse(volunteerId, year, yearRoom.LegalAnnualCents, yearRoom.EffectiveCapCents,
                yearRoom.CountedCents, yearRoom.HeadroomCents, perMonth);
        }, ct));
    }
}
