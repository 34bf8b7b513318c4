using System.Data.Common;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>Why one payout may not make a move: the problem a single transition answers, and one line of a bulk refusal.</summary>
internal sealed record TransitionRefusal(long PayoutId, int Status, string Code, string Title, string Detail, long? VolunteerId = null)
{
    public ApiProblemException ToProblem() => new(Status, Code, Title, Detail,
        VolunteerId is { } volunteer ? new Dictionary<string, object?> { ["volunteerId"] = volunteer } : null);
}

/// <summary>
/// The state machine of one payout, shared by the single routes (<c>POST /v1/payouts/{id}/approve</c>, ...) and the bulk
/// routes (<c>POST /v1/payouts/approve</c>, ...), so both decide and write a move the same way: which moves are legal, four
/// eyes, the payee fixed at approval, the release of totals, sponsorship and hours when a payout stops counting, the
/// versioned update and the audit row.
/// </summary>
internal static class PayoutTransitions
{
    public const string FourEyesRequired = "four_eyes_required";
    public const string PayeeIbanMissing = "payee_iban_missing";

    /// <summary>The volunteer as the payee: read in the approving transaction, so the payout fixes what the record says then.</summary>
    internal sealed class Payee
    {
        public long Id { get; init; }
        public required string FirstName { get; init; }
        public required string LastName { get; init; }
        public string? Iban { get; init; }

        public string FullName => $"{FirstName} {LastName}";

        /// <summary>The IBAN normalised, or null when there is none or it fails the check digits.</summary>
        public string? ValidIban => Iban is null ? null : Common.Iban.Normalise(Iban);
    }

    /// <summary>pending -> approved -> paid; pending or approved -> cancelled or rejected.</summary>
    internal static bool IsLegal(PayoutStatus from, PayoutStatus to) => (from, to) switch
    {
        (PayoutStatus.Pending, PayoutStatus.Approved) => true,
        (PayoutStatus.Approved, PayoutStatus.Paid) => true,
        (PayoutStatus.Pending or PayoutStatus.Approved, PayoutStatus.Cancelled or PayoutStatus.Rejected) => true,
        _ => false,
    };

    /// <summary>The payees of the volunteers given, by volunteer id (rows locked on SQL Server until the approval commits).</summary>
    public static async Task<Dictionary<long, Payee>> PayeesAsync(DbConnection c, DbTransaction tx, SqlDialect d, IEnumerable<long> volunteerIds,
        CancellationToken ct) =>
        (await c.QueryAsync<Payee>(new CommandDefinition(
            $"SELECT id AS Id, first_name AS FirstName, last_name AS LastName, iban AS Iban FROM {d.Locked("volunteers")} WHERE id IN @ids",
            new { ids = volunteerIds.Distinct().ToArray() }, tx, cancellationToken: ct))).ToDictionary(p => p.Id);

    /// <summary>
    /// The refusal of moving <paramref name="row"/> to <paramref name="target"/>, or null when the move may be made. In this order:
    /// an illegal move (409 conflict), four eyes (409 four_eyes_required), the payee's IBAN (422 payee_iban_missing).
    /// </summary>
    public static TransitionRefusal? Check(PayoutSql.Row row, PayoutStatus target, Caller caller, bool fourEyes, Payee? payee)
    {
        if (!IsLegal(row.Status, target))
        {
            return new TransitionRefusal(row.Id, StatusCodes.Status409Conflict, ProblemCodes.Conflict, "Conflict",
                $"A {EnumTypeHandlers.Name(row.Status)} payout cannot become {EnumTypeHandlers.Name(target)}.");
        }
        if (target != PayoutStatus.Approved)
        {
            return null;
        }
        // Payouts created before migration 0015 have no creator on record; they are not held back.
        if (fourEyes && row.CreatedByKeyId == caller.KeyId)
        {
            return new TransitionRefusal(row.Id, StatusCodes.Status409Conflict, FourEyesRequired, "Four eyes required",
                $"Payout {row.Id} was created by this key (or by a payout run it started); another key must approve it.");
        }
        if (payee?.ValidIban is null)
        {
            return new TransitionRefusal(row.Id, StatusCodes.Status422UnprocessableEntity, PayeeIbanMissing, "Payee IBAN missing",
                $"Volunteer {row.VolunteerId} has no valid IBAN, so payout {row.Id} cannot be approved for a transfer; " +
                $"a coordinator records it first (PATCH /v1/volunteers/{row.VolunteerId}).", row.VolunteerId);
        }
        return null;
    }

    /// <summary>
    /// Makes a move <see cref="Check"/> allowed: releases what a payout that stops counting held (running totals, its
    /// sponsorship's draw, its hours), fixes the payee on approval, updates the row by its version and writes the audit row.
    /// </summary>
    public static async Task ApplyAsync(DbConnection c, DbTransaction tx, Caller caller, PayoutSql.Row row, PayoutStatus target, string? reason,
        Payee? payee, Instant now, CancellationToken ct)
    {
        var from = row.Status;
        if (from == PayoutStatus.Approved)
        {
            // Issue 10: only approved payouts are batched, and an open batch pays or frees them as a whole (PaymentBatchHold).
            await PaymentBatches.PaymentBatchHold.RefuseHeldAsync(c, tx, [row.Id], ct);
        }
        if (AllowanceRules.Holds(from) && !AllowanceRules.Holds(target))
        {
            if (AllowanceRules.Counts(row.Kind))
            {
                await PayoutSql.Release(c, tx, row.VolunteerId, row.Period, row.AmountCents, ct);
            }
            await MoneyFunding.ReleaseAsync(c, tx, row.SponsorshipId, row.AmountCents, ct);
            // The hours it paid for may be paid again.
            await c.ExecuteAsync(new CommandDefinition("UPDATE hour_entries SET payout_id = NULL WHERE payout_id = @Id", row, tx, cancellationToken: ct));
        }
        if (target == PayoutStatus.Approved)
        {
            row.PayeeName = payee!.FullName;
            row.PayeeIban = payee.ValidIban;
        }
        row.Status = target;
        row.UpdatedAt = now;
        ETags.RequireUpdated(await c.ExecuteAsync(new CommandDefinition(
            "UPDATE payouts SET status = @Status, updated_at = @UpdatedAt, version = version + 1, payee_name = @PayeeName, payee_iban = @PayeeIban " +
            "WHERE id = @Id AND version = @Version",
            row, tx, cancellationToken: ct)));
        row.Version++;
        await AuditTrail.WriteAsync(c, tx, caller, "payout." + EnumTypeHandlers.Name(target), "payout", row.Id,
            new { status = new { from, to = target }, row.AmountCents, reason, row.SponsorshipId }, now, ct);
    }
}
