using System.Text.Json;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.PaymentBatches;

public static partial class PaymentBatchEndpoints
{
    private static void MapTransitions(RouteGroupBuilder group)
    {
        group.MapPost("/{id:long}/mark-paid", MarkPaid).WithName("MarkPaymentBatchPaid")
            .WithSummary("Mark a payment batch paid")
            .WithDescription("open -> paid, once the bank executed the file: every payout in it becomes paid (approved -> paid, audited per payout " +
                "as payout.paid with the paidOn date and the batch), in one transaction. paidOn lies between the batch's creation and today. " +
                "A paid or voided batch is a 409 conflict. If-Match is honoured when sent.")
            .Accepts<MarkPaymentBatchPaidRequest>("application/json")
            .Produces<PaymentBatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .HonoursIfMatch();
        group.MapPost("/{id:long}/void", Void).WithName("VoidPaymentBatch")
            .WithSummary("Void a payment batch")
            .WithDescription("open -> voided, when its file was not (and will not be) executed: its payouts are free again (to batch anew, cancel or " +
                "reject); the batch keeps listing them. A paid or voided batch is a 409 conflict. If-Match is honoured when sent. Audited with the reason.")
            .Produces<PaymentBatchResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .HonoursIfMatch();
    }

    private static async Task<Ok<PaymentBatchResponse>> MarkPaid(long id, MarkPaymentBatchPaidRequest request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var today = Today.In(clock);
        var (row, payouts) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Open(c, tx, db.Dialect, http, id, "marked paid", token);
            var created = row.CreatedAt.InZone(Today.Amsterdam).Date;
            new Checks()
                .Require(request.PaidOn >= created && request.PaidOn <= today, "paidOn",
                    $"paidOn must lie between the batch's creation ({created:yyyy-MM-dd}) and today ({today:yyyy-MM-dd}, Europe/Amsterdam).")
                .ThrowIfAny();
            var payouts = await PaymentBatchSql.Payouts(c, tx, id, token);
            var now = clock.GetCurrentInstant();
            // Held payouts cannot leave approved on their own (PaymentBatchHold), so every one of them moves; anything else is a fault.
            var moved = await c.ExecuteAsync(new CommandDefinition(
                $"UPDATE payouts SET status = 'paid', updated_at = @now, version = version + 1 WHERE status = 'approved' AND id IN ({db.Dialect.JsonValues("@ids")})",
                new { now, ids = JsonSerializer.Serialize(payouts.Select(p => p.PayoutId)) }, tx, cancellationToken: token));
            if (moved != payouts.Count)
            {
                throw new InvalidOperationException($"Payment batch {id}: {moved} of {payouts.Count} payouts were approved.");
            }
            foreach (var p in payouts)
            {
                await AuditTrail.WriteAsync(c, tx, caller, "payout.paid", "payout", p.PayoutId,
                    new { status = new { from = PayoutStatus.Approved, to = PayoutStatus.Paid }, p.AmountCents, reason = (string?)null, p.SponsorshipId,
                        paymentBatchId = id, paidOn = Iso(request.PaidOn) }, now, token);
            }
            row.Status = PaymentBatchStatus.Paid;
            row.PaidOn = request.PaidOn;
            await Changed(c, tx, caller, row, now, new { status = PaymentBatchStatus.Paid, paidOn = Iso(request.PaidOn) }, null, token);
            return (row, payouts);
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse(TransferPlan.Transfers(row.Id, payouts)));
    }

    private static async Task<Ok<PaymentBatchResponse>> Void(long id, VoidPaymentBatchRequest? request, HttpContext http, Db db, IClock clock, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var (row, payouts) = await db.WriteAsync(async (c, tx, token) =>
        {
            var row = await Open(c, tx, db.Dialect, http, id, "voided", token);
            var now = clock.GetCurrentInstant();
            await c.ExecuteAsync(new CommandDefinition(
                "UPDATE payment_batch_payouts SET held = 0 WHERE payment_batch_id = @id AND held = 1", new { id }, tx, cancellationToken: token));
            row.Status = PaymentBatchStatus.Voided;
            row.VoidedAt = now;
            await Changed(c, tx, caller, row, now, new { status = PaymentBatchStatus.Voided, voidedAt = InstantPattern.ExtendedIso.Format(now) }, request?.Reason, token);
            return (row, await PaymentBatchSql.Payouts(c, tx, id, token));
        }, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse(TransferPlan.Transfers(row.Id, payouts)));
    }

    /// <summary>A date as the audit trail's summaries spell it (yyyy-MM-dd); its JSON writer knows no NodaTime types.</summary>
    private static string Iso(LocalDate date) => LocalDatePattern.Iso.Format(date);

    /// <summary>The batch, locked, checked against If-Match (when sent), and open; anything else is a 404, 412 or 409.</summary>
    private static async Task<PaymentBatchSql.Row> Open(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, SqlDialect d,
        HttpContext http, long id, string becoming, CancellationToken ct)
    {
        var row = await PaymentBatchSql.Find(c, tx, d, id, ct) ?? throw ApiProblemException.NotFound("payment batch");
        if (http.Request.Headers.IfMatch.Count > 0)
        {
            ETags.Require(http, row.Version);
        }
        if (row.Status != PaymentBatchStatus.Open)
        {
            throw ApiProblemException.Conflict($"A {EnumTypeHandlers.Name(row.Status)} payment batch cannot be {becoming}; only an open one can.");
        }
        return row;
    }

    /// <summary>Stores the new status (versioned: a concurrent writer makes it a 412) and audits payment_batch.paid or .voided.</summary>
    private static async Task Changed(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx, Caller caller, PaymentBatchSql.Row row,
        Instant now, object after, string? reason, CancellationToken ct)
    {
        row.UpdatedAt = now;
        ETags.RequireUpdated(await PaymentBatchSql.UpdateStatus(c, tx, row, ct));
        row.Version++;
        await AuditTrail.WriteAsync(c, tx, caller, "payment_batch." + (row.Status == PaymentBatchStatus.Paid ? "paid" : "voided"), "payment_batch", row.Id,
            reason is null ? new { before = new { status = PaymentBatchStatus.Open }, after } : new { before = new { status = PaymentBatchStatus.Open }, after, reason },
            now, ct);
    }
}
