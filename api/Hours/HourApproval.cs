using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using NodaTime;
using System.Data.Common;

namespace Burgerbaan.Api.Hours;

public static partial class HourEndpoints
{
    private static async Task<Ok<HourEntryResponse>> ApproveOne(long id, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var rows = await db.WriteAsync((c, tx, token) => Decide(c, tx, db.Dialect, caller, [id], HourStatus.Approved, null, clock.GetCurrentInstant(), token), ct);
        return TypedResults.Ok(rows[0].ToResponse());
    }

    private static async Task<Ok<HourEntryResponse>> Reject(long id, RejectHoursRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        new Checks().Require(!string.IsNullOrWhiteSpace(request.Reason), "reason", "Give the reason for rejecting.").ThrowIfAny();
        var caller = Caller.From(http.User);
        var rows = await db.WriteAsync((c, tx, token) => Decide(c, tx, db.Dialect, caller, [id], HourStatus.Rejected, request.Reason.Trim(), clock.GetCurrentInstant(), token), ct);
        return TypedResults.Ok(rows[0].ToResponse());
    }

    private static async Task<Ok<HourEntriesResponse>> ApproveMany(ApproveHoursRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var ids = request.Ids.Distinct().ToArray();
        new Checks().Require(ids.Length is >= 1 and <= HourIngestion.MaxEntries, "ids", "Send 1 to 1,000 ids.").ThrowIfAny();
        var caller = Caller.From(http.User);
        var rows = await db.WriteAsync((c, tx, token) => Decide(c, tx, db.Dialect, caller, ids, HourStatus.Approved, null, clock.GetCurrentInstant(), token), ct);
        return TypedResults.Ok(new HourEntriesResponse(rows.Select(r => r.ToResponse()).ToList()));
    }

    /// <summary>Moves submitted entries to approved or rejected, all or none, with an audit row each.</summary>
    private static async Task<List<HourSql.Row>> Decide(DbConnection c, DbTransaction tx, SqlDialect d, Caller caller, long[] ids, HourStatus to,
        string? reason, Instant now, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<HourSql.Row>(new CommandDefinition(
            $"SELECT {HourSql.Columns} FROM {d.Locked("hour_entries")} WHERE id IN @ids", new { ids }, tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        var missing = ids.Where(id => !rows.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found",
                "No hour entry with these ids.", new Dictionary<string, object?> { ["ids"] = missing });
        }
        var undecidable = ids.Where(id => rows[id].Status != HourStatus.Submitted).ToList();
        if (undecidable.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
                $"Only submitted entries can be {EnumTypeHandlers.Name(to)}; these are not.", new Dictionary<string, object?> { ["ids"] = undecidable });
        }
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE hour_entries SET status = @to, reject_reason = @reason, updated_at = @now, version = version + 1 WHERE id IN @ids AND status = 'submitted'",
            new { ids, to, reason, now }, tx, cancellationToken: ct));
        foreach (var id in ids)
        {
            await AuditTrail.WriteAsync(c, tx, caller, "hour_entry." + EnumTypeHandlers.Name(to), "hour_entry", id,
                AuditSummary.Changed(new { rows[id].Status, rows[id].RejectReason }, new { Status = to, RejectReason = reason })!, now, ct);
        }
        return (await c.QueryAsync<HourSql.Row>(new CommandDefinition(
            $"SELECT {HourSql.Columns} FROM hour_entries WHERE id IN @ids ORDER BY id", new { ids }, tx, cancellationToken: ct))).AsList();
    }

    private sealed class StatusSum
    {
        public HourStatus Status { get; init; }
        public long Minutes { get; init; }
    }

    /// <summary>
    /// A placement's minutes per status in one month. A derived table, because SQL Server refuses a subquery in GROUP BY.
    /// The (placement_id, id) index finds the placement's entries and the dates narrow them: a placement holds at most a
    /// few entries a day, and a (placement_id, date) index cost every ingested entry a write for this one read (0020).
    /// </summary>
    internal const string SummarySql =
        $"SELECT e.Status, SUM(e.Minutes) AS Minutes FROM (SELECT CASE WHEN {HourSql.IsPaid} THEN 'paid' ELSE status END AS Status, minutes AS Minutes " +
        "FROM hour_entries WHERE placement_id = @id AND date >= @first AND date <= @last) e GROUP BY e.Status";

    private static async Task<Ok<HoursSummaryResponse>> Summary(long id, [FromQuery(Name = "month")] string? month, HttpContext http, Db db, CancellationToken ct)
    {
        var period = QueryValues.Month(month, "month") ?? throw ApiProblemException.Validation("month", "month is required, as yyyy-MM.");
        var caller = Caller.From(http.User);
        return TypedResults.Ok(await db.ReadAsync(async (c, token) =>
        {
            var org = await c.ExecuteScalarAsync<long?>(new CommandDefinition("SELECT organisation_id FROM placements WHERE id = @id", new { id }, cancellationToken: token));
            if (org is null || (caller.IsPartner && org != caller.OrganisationId))
            {
                throw ApiProblemException.NotFound("placement");
            }
            var sums = (await c.QueryAsync<StatusSum>(new CommandDefinition(SummarySql,
                new { id, first = AllowanceRules.FirstDay(period), last = AllowanceRules.LastDay(period) }, cancellationToken: token)))
                .ToDictionary(s => s.Status, s => (int)s.Minutes);
            return new HoursSummaryResponse(id, period, sums.GetValueOrDefault(HourStatus.Submitted), sums.GetValueOrDefault(HourStatus.Approved),
                sums.GetValueOrDefault(HourStatus.Rejected), sums.GetValueOrDefault(HourStatus.Paid));
        }, ct));
    }
}
