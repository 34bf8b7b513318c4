using System.Data.Common;
using Burgerbaan.Api.Common;
using Dapper;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>
/// A payout in an open payment batch belongs to that batch: the bank may be executing its file, so it is not cancelled, rejected or
/// marked paid on its own until the batch is voided (or paid as a whole). <c>PayoutTransitions.ApplyAsync</c>, through which every
/// payout transition, single or bulk, makes its move, calls <see cref="RefuseHeldAsync"/> inside its transaction; this is the one
/// place that rule lives.
/// </summary>
public static class PaymentBatchHold
{
    public const string Code = "payout_in_payment_batch";

    private sealed class Held
    {
        public long PayoutId { get; init; }
        public long PaymentBatchId { get; init; }
    }

    /// <summary>
    /// The payouts of <paramref name="payoutIds"/> that an open batch holds, with that batch: for a bulk transition that names every
    /// failing id. No lock hint is needed: a transition and a batch creation both lock the payout row first (SQL Server), so
    /// whichever comes second sees what the first committed.
    /// </summary>
    public static async Task<Dictionary<long, long>> HeldAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<long> payoutIds, CancellationToken ct) =>
        payoutIds.Count == 0
            ? []
            : (await c.QueryAsync<Held>(new CommandDefinition(
                "SELECT l.payout_id AS PayoutId, l.payment_batch_id AS PaymentBatchId FROM payment_batch_payouts l " +
                "JOIN payment_batches b ON b.id = l.payment_batch_id WHERE l.payout_id IN @ids AND l.held = 1 AND b.status = 'open'",
                new { ids = payoutIds.ToArray() }, tx, cancellationToken: ct))).ToDictionary(h => h.PayoutId, h => h.PaymentBatchId);

    /// <summary>Throws 409 <c>payout_in_payment_batch</c> naming every payout of <paramref name="payoutIds"/> that an open batch holds, and those batches.</summary>
    public static async Task RefuseHeldAsync(DbConnection c, DbTransaction tx, IReadOnlyCollection<long> payoutIds, CancellationToken ct)
    {
        var held = await HeldAsync(c, tx, payoutIds, ct);
        if (held.Count > 0)
        {
            throw Refusal(held.Keys.Order().ToList(), held.Values.Distinct().Order().ToList());
        }
    }

    public static ApiProblemException Refusal(IReadOnlyList<long> payoutIds, IReadOnlyList<long> batchIds) =>
        new(StatusCodes.Status409Conflict, Code, "Payout in a payment batch",
            $"Payout(s) {string.Join(", ", payoutIds)} are in open payment batch {string.Join(", ", batchIds)}, whose file may be at the bank: " +
            "they are paid with the batch (POST /v1/payment-batches/{id}/mark-paid), or void the batch first to cancel, reject or pay them on their own.",
            new Dictionary<string, object?> { ["payoutIds"] = payoutIds, ["paymentBatchIds"] = batchIds });
}
