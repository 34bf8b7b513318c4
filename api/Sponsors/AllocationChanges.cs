using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;

namespace Burgerbaan.Api.Sponsors;

public static partial class AllocationEndpoints
{
    private static async Task<Ok<AllocationResponse>> End(long sponsorshipId, long allocationId, EndAllocationRequest request, HttpContext http, Db db,
        IClock clock, CancellationToken ct)
    {
        new Checks().Date(request.EndDate, "endDate").ThrowIfAny();
        var caller = Caller.From(http.User);
        var now = clock.GetCurrentInstant();
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect.Locked("sponsor_allocations"), "id = @allocationId AND sponsorship_id = @sponsorshipId",
                new { allocationId, sponsorshipId }, token) ?? throw ApiProblemException.NotFound("allocation");
            if (row.RevokedAt is { } revoked)
            {
                throw ApiProblemException.Conflict($"The volunteer's consent was revoked at {revoked}; the allocation already ended.");
            }
            if (request.EndDate < row.StartDate)
            {
                throw ApiProblemException.Validation("endDate", $"endDate must not lie before the allocation's start {row.StartDate:yyyy-MM-dd}.");
            }
            if (request.EndDate > row.EndDate)
            {
                throw ApiProblemException.Conflict($"An allocation only ends earlier: its last day is {row.EndDate:yyyy-MM-dd}. Give a new " +
                    "allocation (with consent) to continue it.");
            }
            if (request.EndDate == row.EndDate)
            {
                return row;
            }
            var before = new { row.EndDate, row.EndedAt };
            row.EndDate = request.EndDate;
            row.EndedAt = now;
            row.UpdatedAt = now;
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sponsor_allocations SET end_date = @EndDate, ended_at = @EndedAt, updated_at = @UpdatedAt, version = version + 1 " +
                "WHERE id = @Id AND version = @Version", row, tx, cancellationToken: token)));
            await AuditTrail.WriteAsync(c, tx, caller, "sponsor_allocation.ended", "sponsor_allocation", allocationId,
                AuditSummary.Changed(before, new { row.EndDate, row.EndedAt })!, now, token);
            row.Version++;
            return row;
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    /// <summary>
    /// Revoking ends the allocation from today: the last covered day becomes yesterday (Europe/Amsterdam) unless it was
    /// earlier already. Days before stay covered, so payouts already credited to the sponsorship stay credited.
    /// </summary>
    private static async Task<Ok<AllocationResponse>> Revoke(long volunteerId, long allocationId, HttpContext http, Db db, IClock clock,
        CancellationToken ct)
    {
        var row = await RevokeAsync(volunteerId, allocationId, Caller.From(http.User), db, clock, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse());
    }

    /// <summary>The revocation itself, for the coordinator's route and the volunteer's own (<c>POST /v1/me/sponsor-consents/{id}/revoke</c>).</summary>
    internal static async Task<Row> RevokeAsync(long volunteerId, long allocationId, Caller caller, Db db, IClock clock, CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var yesterday = Today.In(clock).PlusDays(-1);
        var row = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Find(c, tx, db.Dialect.Locked("sponsor_allocations"), "id = @allocationId AND volunteer_id = @volunteerId",
                new { allocationId, volunteerId }, token) ?? throw ApiProblemException.NotFound("sponsor consent");
            if (row.RevokedAt is { } revoked)
            {
                throw ApiProblemException.Conflict($"This consent was already revoked at {revoked}.");
            }
            var before = new { row.EndDate, RevokedAt = (Instant?)null };
            row.EndDate = row.EndDate < yesterday ? row.EndDate : yesterday;
            row.RevokedAt = now;
            row.RevokedByKeyId = caller.KeyId;
            row.UpdatedAt = now;
            ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
                "UPDATE sponsor_allocations SET end_date = @EndDate, revoked_at = @RevokedAt, revoked_by_key_id = @RevokedByKeyId, " +
                "updated_at = @UpdatedAt, version = version + 1 WHERE id = @Id AND version = @Version AND revoked_at IS NULL",
                row, tx, cancellationToken: token)));
            await AuditTrail.WriteAsync(c, tx, caller, "sponsor_allocation.revoked", "sponsor_allocation", allocationId,
                AuditSummary.Diff(before, new { row.EndDate, row.RevokedAt }), now, token);
            row.Version++;
            return row;
        }, ct);
        return row;
    }
}
