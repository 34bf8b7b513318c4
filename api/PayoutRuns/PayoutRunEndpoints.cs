using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;

namespace Burgerbaan.Api.PayoutRuns;

/// <summary>The monthly run that pays approved hours: one pending payout per volunteer, trimmed to the headroom.</summary>
public static class PayoutRunEndpoints
{
    public static RouteGroupBuilder MapPayoutRuns(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/payout-runs").WithTags("Payouts").RequireAuthorization(Policies.Finance);
        group.MapPost("/", Create).WithName("CreatePayoutRun")
            .WithSummary("Pay a month's approved hours")
            .WithDescription("For every volunteer with approved, unpaid hours worked in the period and an agreement with hourlyRateCents covering them: " +
                "sum over the entries of minutes x min(agreed rate, legal hourly maximum for the age on that date) / 60, rounded down, trimmed to the " +
                "month's and the year's headroom; creates one pending payout per volunteer (carrying payoutRunId) linked to the entries it pays and " +
                "reports per volunteer. A volunteer allocated to a sponsorship for the month draws on its allowance budget like a single payout; the line's " +
                "sponsorshipId says which sponsorship paid, and a payout the remaining budget cannot cover is skipped (sponsorship_budget_exceeded). " +
                "Volunteers with nothing to pay are listed with the reason. A run that pays nothing answers 200 with its report " +
                "and stores nothing (no id); a run that pays is stored and answered 201. A year without limits is refused with 422 " +
                "allowance_limits_missing, nothing written. Running it again pays only hours not yet paid. Volunteers are booked in chunks " +
                "(PayoutRuns:ChunkSize, default 100), each chunk one transaction that also advances the run's cursor: a run stopped by a crash stays " +
                "status running, and the next POST for its period (any key) continues it from the cursor without paying anything twice; while a run of " +
                "the period is being processed, another is refused with 409 payout_run_in_progress (Retry-After). Honours Idempotency-Key: a replay " +
                "answers the run as stored now (its key records only the run's id).")
            .Accepts<CreatePayoutRunRequest>("application/json")
            .Produces<PayoutRunResponse>()
            .Produces<PayoutRunResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListPayoutRuns")
            .WithSummary("List payout runs")
            .WithDescription("Stored runs (runs that paid something), oldest first, cursor paged, each with its report; filter by period (yyyy-MM). " +
                "As CSV (Accept: text/csv or format=csv; format=json forces JSON): every run's report lines, one row per volunteer of a run with the " +
                "run's figures repeated, streamed, with the same filter and no limit or cursor (README, CSV exports, lists the columns).")
            .Produces<Page<PayoutRunResponse>>(StatusCodes.Status200OK, "application/json", CsvExport.MediaType)
            .WithMetadata(PayoutRunCsv.Example)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPayoutRun")
            .WithSummary("Get a payout run's report")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public sealed record Filter(
        [FromQuery(Name = "period")] string? Period,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor,
        [FromQuery(Name = "format"), EnumQuery(typeof(ReportFormat))] string? Format);

    private static Task<IResult> Create(CreatePayoutRunRequest request, HttpContext http, PayoutRunner runner, CancellationToken ct)
    {
        new Checks().Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.").ThrowIfAny();
        return runner.RunAsync(http, request, ct);
    }

    private static async Task<Results<Ok<Page<PayoutRunResponse>>, CsvResult>> List([AsParameters] Filter filter, HttpContext http, Db db, CancellationToken ct)
    {
        var period = QueryValues.Month(filter.Period, "period");
        if (CsvExport.Wanted(http.Request, EnumQuery.Parse<ReportFormat>(filter.Format, "format")))
        {
            CsvExport.RefusePaging(filter.Limit, filter.Cursor);
            return PayoutRunCsv.Export(period);
        }
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var (rows, runs) = await db.ReadAsync(async (c, token) =>
        {
            var found = (await c.QueryAsync<RunStore.RunRow>(new CommandDefinition(
                ListSql(period is not null, db.Dialect), new { after, period, take = limit + 1 }, cancellationToken: token))).AsList();
            return (found, (await RunStore.WithLines(c, found.Take(limit).ToList(), token)).ToDictionary(r => r.Id!.Value));
        }, ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => runs[r.Id]));
    }

    /// <summary>Only the filters actually given go into the WHERE (see <see cref="KeysetPage"/>), so the (period, id) index serves the keyset.</summary>
    internal static string ListSql(bool byPeriod, SqlDialect d) =>
        new KeysetPage().When(byPeriod, "period = @period").Sql($"SELECT {RunStore.RunColumns} FROM payout_runs", d);

    private static async Task<Ok<PayoutRunResponse>> Get(long id, Db db, CancellationToken ct) =>
        TypedResults.Ok(await db.ReadAsync((c, token) => RunStore.Get(c, id, token), ct) ?? throw ApiProblemException.NotFound("payout run"));
}
