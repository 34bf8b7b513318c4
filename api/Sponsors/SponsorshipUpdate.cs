using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

public static partial class SponsorshipEndpoints
{
    /// <summary>Where each status may go; a status to itself changes nothing. Paid and cancelled are final.</summary>
    private static readonly Dictionary<SponsorshipStatus, SponsorshipStatus[]> Next = new()
    {
        [SponsorshipStatus.Committed] = [SponsorshipStatus.Invoiced, SponsorshipStatus.Cancelled],
        [SponsorshipStatus.Invoiced] = [SponsorshipStatus.Paid, SponsorshipStatus.Cancelled],
        [SponsorshipStatus.Paid] = [],
        [SponsorshipStatus.Cancelled] = [],
    };

    private static async Task<Ok<SponsorshipResponse>> Update(long id, UpdateSponsorshipRequest request, HttpContext http, Db db, IClock clock,
        CancellationToken ct)
    {
        new Checks().Date(request.StartDate, "startDate").Date(request.EndDate, "endDate").ThrowIfAny();
        var caller = Caller.From(http.User);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            // Under lock: allocations and payouts of this sponsorship lock the same row first (SQL Server), so the checks below
            // cannot be overtaken by a new allocation or a new draw; on SQLite writes run one at a time.
            var row = await Find(c, tx, id, token, db.Dialect.Locked("sponsorships")) ?? throw ApiProblemException.NotFound("sponsorship");
            ETags.Require(http, row.Version);
            var before = row.Audited();
            var statusBefore = row.Status;
            var status = request.Status ?? row.Status;
            var start = request.StartDate ?? row.StartDate;
            var end = request.EndDate ?? row.EndDate;
            var places = request.Places ?? row.Places;
            var termsChange = start != row.StartDate || end != row.EndDate || places != row.Places;
            if (start > end)
            {
                throw ApiProblemException.Validation("endDate", "endDate must not lie before startDate.");
            }
            if (status != row.Status && !Next[row.Status].Contains(status))
            {
                throw ApiProblemException.Conflict($"A {Name(row.Status)} sponsorship cannot become {Name(status)}; statuses move committed -> " +
                    "invoiced -> paid, or to cancelled from committed or invoiced.");
            }
            if (termsChange)
            {
                if (row.Status != SponsorshipStatus.Committed)
                {
                    throw ApiProblemException.Conflict($"The period and places of a {Name(row.Status)} sponsorship are fixed; only a committed one changes.");
                }
                row.StartDate = start;
                row.EndDate = end;
                row.Places = places;
                row.Derive();
                await RefuseTermsBelowUse(c, tx, row, token);
            }
            if (status == SponsorshipStatus.Cancelled && row.Status != status)
            {
                await RefuseCancelWhileDrawn(c, tx, id, token);
            }
            row.Status = status;
            row.UpdatedAt = clock.GetCurrentInstant();
            // drawn_cents <= the new budget is checked in the statement too: payouts raise drawn_cents without the version.
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sponsorships SET start_date = @StartDate, end_date = @EndDate, places = @Places, status = @Status, " +
                "amount_due_cents = @AmountDueCents, allowance_budget_cents = @AllowanceBudgetCents, updated_at = @UpdatedAt, version = version + 1 " +
                "WHERE id = @Id AND version = @Version AND drawn_cents <= @AllowanceBudgetCents", row, tx, cancellationToken: token)));
            if (AuditSummary.Changed(before, row.Audited()) is { } change)
            {
                var action = status != statusBefore ? "sponsorship." + Name(status) : "sponsorship.changed";
                await AuditTrail.WriteAsync(c, tx, caller, action, "sponsorship", id, change, row.UpdatedAt, token);
            }
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok((await db.ReadAsync((c, token) => Find(c, null, id, token), ct))!.ToResponse());
    }

    private static string Name(SponsorshipStatus status) => EnumTypeHandlers.Name(status);

    private sealed record Span(long Id, LocalDate StartDate, LocalDate EndDate);

    /// <summary>
    /// New terms must still hold every allocation (inside the period, no day with more allocations than places) and what
    /// payouts drew (the budget not below drawn_cents).
    /// </summary>
    private static async Task RefuseTermsBelowUse(DbConnection c, DbTransaction tx, Row row, CancellationToken ct)
    {
        var spans = (await c.QueryAsync<Span>(new CommandDefinition(
            "SELECT id AS Id, start_date AS StartDate, end_date AS EndDate FROM sponsor_allocations " +
            "WHERE sponsorship_id = @Id AND start_date <= end_date", row, tx, cancellationToken: ct))).AsList();
        var outside = spans.Where(s => s.StartDate < row.StartDate || s.EndDate > row.EndDate).Select(s => s.Id).Order().ToList();
        if (outside.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
                $"Allocation(s) {string.Join(", ", outside)} lie outside {row.StartDate:yyyy-MM-dd}..{row.EndDate:yyyy-MM-dd}; end them first.",
                new Dictionary<string, object?> { ["allocationIds"] = outside });
        }
        var most = Overlap.MostOnAnyDay(spans.Select(s => (s.StartDate, s.EndDate)), row.StartDate, row.EndDate);
        if (most > row.Places)
        {
            throw ApiProblemException.Conflict($"{most} allocations overlap on one day; the sponsorship cannot have fewer places than that.");
        }
        if (row.AllowanceBudgetCents < row.DrawnCents)
        {
            throw ApiProblemException.Conflict($"Payouts drew {row.DrawnCents} cents from this sponsorship; the new terms would leave an allowance budget " +
                $"of {row.AllowanceBudgetCents} cents.");
        }
    }

    private static async Task RefuseCancelWhileDrawn(DbConnection c, DbTransaction tx, long id, CancellationToken ct)
    {
        var payouts = (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM payouts WHERE sponsorship_id = @id AND status NOT IN ('cancelled', 'rejected') ORDER BY id",
            new { id }, tx, cancellationToken: ct))).Take(20).ToList();
        if (payouts.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
                "Payouts that are not cancelled or rejected draw on this sponsorship; cancel or reject them first.",
                new Dictionary<string, object?> { ["payoutIds"] = payouts });
        }
    }
}
