using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
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
                "month's and the year's headroom; creates one pending payout per volunteer linked to the entries it pays and reports per volunteer. " +
                "Volunteers with nothing to pay are listed with the reason. Running it again pays only hours not yet paid. Honours Idempotency-Key.")
            .Accepts<CreatePayoutRunRequest>("application/json")
            .Produces<PayoutRunResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{id:long}", Get).WithName("GetPayoutRun")
            .WithSummary("Get a payout run's report")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private sealed class UnpaidHour
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate Date { get; init; }
        public int Minutes { get; init; }
    }

    private static async Task<IResult> Create(CreatePayoutRunRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
        IOptions<JsonOptions> json, CancellationToken ct)
    {
        new Checks().Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.").ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var d = db.Dialect;
            var now = clock.GetCurrentInstant();
            var hours = (await c.QueryAsync<UnpaidHour>(new CommandDefinition(
                $"SELECT id AS Id, volunteer_id AS VolunteerId, date AS Date, minutes AS Minutes FROM {d.Locked("hour_entries")} " +
                "WHERE status = 'approved' AND payout_id IS NULL AND date >= @first AND date <= @last ORDER BY volunteer_id, id",
                new { first = AllowanceRules.FirstDay(request.Period), last = AllowanceRules.LastDay(request.Period) }, tx, cancellationToken: token))).AsList();
            var lines = new List<PayoutRunLine>();
            foreach (var group in hours.GroupBy(h => h.VolunteerId))
            {
                var scene = (await Payouts.PayoutWriter.LoadAsync(c, tx, d, group.Key, request.Period, token))!;
                lines.Add(await PayVolunteer(c, tx, d, caller, scene, request.Period, group.ToList(), now, token));
            }
            var report = new PayoutRunResponse(0, request.Period, now, lines.Count(l => l.PayoutId is not null), lines.Sum(l => l.PaidCents), lines);
            var id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO payout_runs (period, api_key_id, created_at, report) VALUES (@period, @keyId, @now, @report);" + d.SelectInsertedId,
                new { period = request.Period, keyId = caller.KeyId, now, report = JsonSerializer.Serialize(report with { Id = 0 }, json.Value.SerializerOptions) },
                tx, cancellationToken: token));
            return new Stored(StatusCodes.Status201Created, report with { Id = id }, $"/v1/payout-runs/{id}");
        }, ct, alone: true); // a run books a payout per volunteer: too long to share a batch with single writes
    }

    private static async Task<PayoutRunLine> PayVolunteer(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SqlDialect d,
        Caller caller, Payouts.PayoutScene scene, YearMonth period, List<UnpaidHour> hours, Instant now, CancellationToken ct)
    {
        var situation = scene.Situation;
        var minutes = hours.Sum(h => h.Minutes);
        if (situation.Limits is not { } limits)
        {
            return new PayoutRunLine(scene.VolunteerId, minutes, 0, 0, 0, null, null, AllowanceRules.LimitsMissing);
        }
        // Each entry at the agreed rate of the agreement covering its date (the rules cap it at the legal maximum for the age that day).
        var payable = hours
            .Select(h => (Hour: h, Rate: situation.AgreementsInYear.FirstOrDefault(a => a.Overlaps(h.Date, h.Date))?.HourlyRateCents))
            .Where(x => x.Rate is not null)
            .ToList();
        if (payable.Count == 0)
        {
            return new PayoutRunLine(scene.VolunteerId, minutes, 0, 0, 0, null, null, "no_agreement_rate");
        }
        var (gross, paid, trimmedBy) = AllowanceRules.RunAmount(limits, situation,
            payable.Select(x => (new WorkedMinutes(x.Hour.Date, x.Hour.Minutes), x.Rate!.Value)));
        if (paid <= 0)
        {
            return new PayoutRunLine(scene.VolunteerId, minutes, gross, 0, gross, trimmedBy, null, "no_headroom");
        }
        var proposal = new Proposal(Kind.Allowance, paid, period, payable.Select(x => new WorkedMinutes(x.Hour.Date, x.Hour.Minutes)).ToList());
        var verdict = AllowanceRules.Evaluate(proposal, situation);
        if (!verdict.Accepted)
        {
            // Cannot happen for an amount within every headroom and the legal maximum; refuse the run rather than pay wrongly.
            throw Payouts.PayoutEndpoints.Refusal(verdict);
        }
        var row = await Payouts.PayoutWriter.BookAsync(c, tx, d, caller, scene, proposal, $"Payout run {AllowanceRules.Iso(period)}", null,
            payable.Select(x => x.Hour.Id).ToList(), now, ct);
        return new PayoutRunLine(scene.VolunteerId, minutes, gross, paid, gross - paid, trimmedBy, row.Id, null);
    }

    private static async Task<Ok<PayoutRunResponse>> Get(long id, Db db, IOptions<JsonOptions> json, CancellationToken ct)
    {
        var report = await db.ReadAsync((c, token) => c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT report FROM payout_runs WHERE id = @id", new { id }, cancellationToken: token)), ct)
            ?? throw ApiProblemException.NotFound("payout run");
        return TypedResults.Ok(JsonSerializer.Deserialize<PayoutRunResponse>(report, json.Value.SerializerOptions)! with { Id = id });
    }
}
