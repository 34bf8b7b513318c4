using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using FromQueryAttribute = Microsoft.AspNetCore.Mvc.FromQueryAttribute;
using Microsoft.Extensions.Options;
using NodaTime;

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
                "reports per volunteer. Volunteers with nothing to pay are listed with the reason. A run that pays nothing answers 200 with its report " +
                "and stores nothing (no id); a run that pays is stored and answered 201. A year without limits is refused with 422 " +
                "allowance_limits_missing, nothing written. Running it again pays only hours not yet paid. Honours Idempotency-Key.")
            .Accepts<CreatePayoutRunRequest>("application/json")
            .Produces<PayoutRunResponse>()
            .Produces<PayoutRunResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListPayoutRuns")
            .WithSummary("List payout runs")
            .WithDescription("Stored runs (runs that paid something), oldest first, cursor paged, each with its report; filter by period (yyyy-MM).")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPayoutRun")
            .WithSummary("Get a payout run's report")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public sealed record Filter(
        [FromQuery(Name = "period")] string? Period,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    private sealed class RunRow
    {
        public long Id { get; init; }
        public required string Report { get; init; }
    }

    private static async Task<IResult> Create(CreatePayoutRunRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        new Checks().Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.").ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var year = request.Period.Year;
            if (await LimitsSql.Limits(c, tx, year, token) is null)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
                    $"No allowance limits are set for {year}, so nothing was paid or stored. Once the Belastingdienst publishes them " +
                    $"('Vrijwilligersvergoedingen'), an admin sets them with PUT /v1/allowance-limits/{year}; then run again.");
            }
            var now = clock.GetCurrentInstant();
            var plans = await RunPlan.MakeAsync(c, tx, db.Dialect, request.Period, token);
            if (!plans.Any(p => p.Proposal is not null))
            {
                var unpaid = new PayoutRunResponse(null, request.Period, now, 0, 0, plans.Select(p => p.Line).ToList());
                return new Stored(StatusCodes.Status200OK, unpaid);
            }
            // The run row comes first so every payout it books can name it; the report follows once the payouts exist.
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO payout_runs (period, api_key_id, created_at, report) VALUES (@period, @keyId, @now, '{}');" + db.Dialect.SelectInsertedId,
                new { period = request.Period, keyId = caller.KeyId, now }, tx, cancellationToken: token));
            var lines = new List<PayoutRunLine>();
            foreach (var plan in plans)
            {
                lines.Add(plan.Proposal is null ? plan.Line : plan.Line with
                {
                    PayoutId = (await PayoutWriter.BookAsync(c, tx, db.Dialect, caller, plan.Scene, plan.Proposal,
                        $"Payout run {AllowanceRules.Iso(request.Period)}", null, plan.HourIds, id, now, token)).Id,
                });
            }
            var report = new PayoutRunResponse(id, request.Period, now, lines.Count(l => l.PayoutId is not null), lines.Sum(l => l.PaidCents), lines);
            await c.ExecuteAsync(new CommandDefinition("UPDATE payout_runs SET report = @report WHERE id = @id",
                new { id, report = JsonSerializer.Serialize(report, json.Value.SerializerOptions) }, tx, cancellationToken: token));
            return new Stored(StatusCodes.Status201Created, report, $"/v1/payout-runs/{id}");
        }, ct, alone: true); // a run books a payout per volunteer: too long to share a batch with single writes
    }

    private static async Task<Ok<Page<PayoutRunResponse>>> List([AsParameters] Filter filter, Db db, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var period = QueryValues.Month(filter.Period, "period");
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<RunRow>(new CommandDefinition(
            ListSql(period is not null, db.Dialect), new { after, period, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => Read(r.Id, r.Report, json.Value.SerializerOptions)));
    }

    /// <summary>Only the filters actually given go into the WHERE (see <see cref="KeysetPage"/>), so the (period, id) index serves the keyset.</summary>
    internal static string ListSql(bool byPeriod, SqlDialect d) =>
        new KeysetPage().When(byPeriod, "period = @period").Sql("SELECT id AS Id, report AS Report FROM payout_runs", d);

    private static async Task<Ok<PayoutRunResponse>> Get(long id, Db db, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var report = await db.ReadAsync((c, token) => c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT report FROM payout_runs WHERE id = @id", new { id }, cancellationToken: token)), ct)
            ?? throw ApiProblemException.NotFound("payout run");
        return TypedResults.Ok(Read(id, report, json.Value.SerializerOptions));
    }

    private static PayoutRunResponse Read(long id, string report, JsonSerializerOptions options) =>
        JsonSerializer.Deserialize<PayoutRunResponse>(report, options)! with { Id = id };
}
