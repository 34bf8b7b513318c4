using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary>PUT /v1/allowance-limits/{year}: create a year (201), replace it under If-Match (200), or leave it as it is.</summary>
internal static class LimitsPut
{
    public const string StatutoryLimitsFixed = "statutory_limits_fixed";

    private sealed record Figures(long AnnualCents, long MonthlyCents, long HourlyCents, long HourlyUnder21Cents);

    public static async Task<IResult> Handle(int year, PutAllowanceLimitsRequest request, HttpContext http, Db db, IClock clock, LimitsCache cache,
        CancellationToken ct)
    {
        new Checks()
            .Require(year is >= 2000 and <= 2100, "year", "year must lie between 2000 and 2100.")
            .Require(request.Year is null || request.Year == year, "year", $"year in the body must equal the year in the path ({year}).")
            .Require(request.MonthlyCents <= request.AnnualCents, "monthlyCents", "monthlyCents may not exceed annualCents.")
            .Require(request.HourlyUnder21Cents <= request.HourlyCents, "hourlyUnder21Cents", "hourlyUnder21Cents may not exceed hourlyCents.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        var after = new Figures(request.AnnualCents, request.MonthlyCents, request.HourlyCents, request.HourlyUnder21Cents);
        var (row, created) = await db.WriteAsync(async (c, tx, token) =>
        {
            var before = await c.QuerySingleOrDefaultAsync<LimitsSql.LimitsRow>(new CommandDefinition(
                $"SELECT {LimitsSql.LimitsColumns} FROM {db.Dialect.Locked("allowance_limits")} WHERE year = @year", new { year }, tx, cancellationToken: token));
            if (before is null)
            {
                return (await Insert(c, tx, caller, year, after, http, now, token), true);
            }
            if (http.Request.Headers.IfNoneMatch.Any(v => v?.Trim() == "*"))
            {
                throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed, "Precondition failed",
                    $"Limits for {year} already exist; read them and send If-Match with their ETag to replace them.");
            }
            ETags.Require(http, before.Version);
            var old = new Figures(before.AnnualCents, before.MonthlyCents, before.HourlyCents, before.HourlyUnder21Cents);
            if (old == after)
            {
                // Nothing changes, so nothing is written: no new version, no audit row.
                return (before, false);
            }
            if (before.Statutory)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, StatutoryLimitsFixed, "Statutory limits are fixed",
                    $"The limits for {year} are the Belastingdienst's published figures and cannot be changed.");
            }
            await RefuseDecreaseWhenCounted(c, tx, year, old, after, token);
            var changed = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE allowance_limits SET annual_cents = @AnnualCents, monthly_cents = @MonthlyCents, hourly_cents = @HourlyCents, " +
                "hourly_under21_cents = @HourlyUnder21Cents, updated_at = @now, version = version + 1 WHERE year = @year AND version = @version",
                new { year, after.AnnualCents, after.MonthlyCents, after.HourlyCents, after.HourlyUnder21Cents, now, version = before.Version },
                tx, cancellationToken: token));
            if (changed == 0)
            {
                throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed, "Precondition failed",
                    "The limits changed while this request was handled; read them again and reapply your change.");
            }
            await AuditTrail.WriteAsync(c, tx, caller, "allowance_limits.changed", "allowance_limits", year, ChangedFields(old, after), now, token);
            return (await LimitsSql.Limits(c, tx, year, token) ?? throw new InvalidOperationException("The limits row vanished inside its transaction."), false);
        }, ct);
        // After the commit: a headroom read racing with it cannot put the old figures back (ExpiringCache.Add).
        cache.Clear();
        ETags.Set(http, row.Version);
        var body = AllowanceEndpoints.ToResponse(row);
        return created ? TypedResults.Created($"/v1/allowance-limits/{year}", body) : TypedResults.Ok(body);
    }

    private static async Task<LimitsSql.LimitsRow> Insert(DbConnection c, DbTransaction tx, Caller caller, int year, Figures after, HttpContext http,
        Instant now, CancellationToken ct)
    {
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            // If-Match names a representation; a year without limits has none.
            throw new ApiProblemException(StatusCodes.Status412PreconditionFailed, ProblemCodes.PreconditionFailed, "Precondition failed",
                $"No allowance limits exist for {year} to match; send no If-Match (or If-None-Match: *) to create them.");
        }
        await c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO allowance_limits (year, annual_cents, monthly_cents, hourly_cents, hourly_under21_cents, updated_at, statutory, version) " +
            "VALUES (@year, @AnnualCents, @MonthlyCents, @HourlyCents, @HourlyUnder21Cents, @now, 0, 1)",
            new { year, after.AnnualCents, after.MonthlyCents, after.HourlyCents, after.HourlyUnder21Cents, now }, tx, cancellationToken: ct));
        await AuditTrail.WriteAsync(c, tx, caller, "allowance_limits.created", "allowance_limits", year, new { after }, now, ct);
        return new LimitsSql.LimitsRow
        {
            Year = year, AnnualCents = after.AnnualCents, MonthlyCents = after.MonthlyCents, HourlyCents = after.HourlyCents,
            HourlyUnder21Cents = after.HourlyUnder21Cents, UpdatedAt = now, Statutory = false, Version = 1,
        };
    }

    /// <summary>The audit summary of a change: only the figures that changed, before and after.</summary>
    private static object ChangedFields(Figures old, Figures now)
    {
        var before = new Dictionary<string, long>(StringComparer.Ordinal);
        var after = new Dictionary<string, long>(StringComparer.Ordinal);
        void Add(string name, long was, long becomes)
        {
            if (was != becomes)
            {
                before[name] = was;
                after[name] = becomes;
            }
        }
        Add("annualCents", old.AnnualCents, now.AnnualCents);
        Add("monthlyCents", old.MonthlyCents, now.MonthlyCents);
        Add("hourlyCents", old.HourlyCents, now.HourlyCents);
        Add("hourlyUnder21Cents", old.HourlyUnder21Cents, now.HourlyUnder21Cents);
        return new { before, after };
    }

    /// <summary>Once payouts count in a year, its limits may only go up; a decrease names who it would push over.</summary>
    private static async Task RefuseDecreaseWhenCounted(DbConnection c, DbTransaction tx, int year, Figures before, Figures request, CancellationToken ct)
    {
        var decreases = request.AnnualCents < before.AnnualCents || request.MonthlyCents < before.MonthlyCents
            || request.HourlyCents < before.HourlyCents || request.HourlyUnder21Cents < before.HourlyUnder21Cents;
        if (!decreases)
        {
            return;
        }
        var anyCounted = await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT COUNT(*) FROM allowance_year_totals WHERE year = @year AND counted_cents + outside_cents > 0", new { year }, tx, cancellationToken: ct));
        if (anyCounted == 0)
        {
            return;
        }
        var pushedOver = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT volunteer_id FROM allowance_year_totals WHERE year = @year AND counted_cents + outside_cents > @annual " +
            "UNION SELECT volunteer_id FROM allowance_month_totals WHERE period >= @first AND period <= @last AND counted_cents + outside_cents > @monthly ORDER BY 1",
            new { year, annual = request.AnnualCents, monthly = request.MonthlyCents, first = new YearMonth(year, 1), last = new YearMonth(year, 12) },
            tx, cancellationToken: ct))).AsList();
        throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
            $"Payouts already count in {year}, so its limits may only go up; this change lowers them and would push {pushedOver.Count} volunteer(s) over.",
            new Dictionary<string, object?> { ["volunteerIds"] = pushedOver });
    }
}
