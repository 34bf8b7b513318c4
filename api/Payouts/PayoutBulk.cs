using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>
/// <c>POST /v1/payouts/approve|cancel|reject {ids, reason?}</c>: up to 1,000 payouts in one transaction, all or nothing, each
/// decided and written by <see cref="PayoutTransitions"/> exactly as its single route would. An id already in the target
/// state counts as done (no change, no audit row), so sending the same ids again after a success answers the same.
/// </summary>
public static partial class PayoutEndpoints
{
    public const int MaxBulkIds = 1000;
    public const string BulkRefused = "payout_bulk_refused";

    private static void MapBulk(RouteGroupBuilder group, string action, string name, string summary, PayoutStatus to)
    {
        var route = group.MapPost($"/{action}", (BulkPayoutActionRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
                IOptions<FourEyesSettings> fourEyes, CancellationToken ct) => Bulk(request, to, http, db, clock, idempotent, fourEyes.Value, ct))
            .WithName(name)
            .WithSummary(summary)
            .WithDescription($"1 to 1,000 distinct ids, in one transaction: every payout becomes {EnumTypeHandlers.Name(to)} or none does. Each follows " +
                "the rules of its single route (legal moves, four eyes, the payee fixed at approval, totals and sponsorship released on cancel " +
                "and reject) and gets its own audit row. A payout already " + EnumTypeHandlers.Name(to) + " counts as done (unchanged, not " +
                "audited again), so the same request again answers the same. A refusal names every failing id in failures [{id, code, detail}]; " +
                "when all share one code the problem has that code and status (not_found 404, conflict 409, four_eyes_required 409, " +
                "payee_iban_missing 422, payout_in_payment_batch 409 for an approved payout an open payment batch holds), otherwise 409 payout_bulk_refused. Send an Idempotency-Key to make retries safe.")
            .Accepts<BulkPayoutActionRequest>("application/json")
            .Produces<PayoutsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
    }

    private static async Task<IResult> Bulk(BulkPayoutActionRequest request, PayoutStatus target, HttpContext http, Db db, IClock clock,
        IdempotentPost idempotent, FourEyesSettings fourEyes, CancellationToken ct)
    {
        var ids = request.Ids.Order().ToArray();
        var twice = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        new Checks()
            .Require(ids.Length is >= 1 and <= MaxBulkIds, "ids", $"Send 1 to 1,000 payout ids; this request has {ids.Length}.")
            .Require(twice.Count == 0, "ids", $"Each id once; sent more than once: {string.Join(", ", twice)}.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var rows = (await c.QueryAsync<PayoutSql.Row>(new CommandDefinition(
                $"SELECT {PayoutSql.Columns} FROM {db.Dialect.Locked("payouts")} WHERE id IN @ids", new { ids }, tx, cancellationToken: token)))
                .ToDictionary(r => r.Id);
            var moving = rows.Values.Where(r => r.Status != target).OrderBy(r => r.Id).ToList();
            var payees = target == PayoutStatus.Approved
                ? await PayoutTransitions.PayeesAsync(c, tx, db.Dialect, moving.Select(r => r.VolunteerId), token)
                : [];
            // Approved payouts an open payment batch holds: refused after the single route's own checks, as ApplyAsync refuses them
            // there, but named here with the others (ApplyAsync would stop at the first one).
            var held = await PaymentBatches.PaymentBatchHold.HeldAsync(c, tx,
                moving.Where(r => r.Status == PayoutStatus.Approved).Select(r => r.Id).ToList(), token);
            var failures = ids.Where(id => !rows.ContainsKey(id))
                .Select(id => new TransitionRefusal(id, StatusCodes.Status404NotFound, ProblemCodes.NotFound, "Not found", $"No payout {id}."))
                .Concat(moving.Select(r => PayoutTransitions.Check(r, target, caller, fourEyes.FourEyes, payees.GetValueOrDefault(r.VolunteerId))
                    ?? (held.TryGetValue(r.Id, out var batch) ? HeldRefusal(r.Id, batch) : null)))
                .OfType<TransitionRefusal>().OrderBy(f => f.PayoutId).ToList();
            if (failures.Count > 0)
            {
                throw Refused(failures, target, ids.Length);
            }
            var now = clock.GetCurrentInstant();
            foreach (var row in moving)
            {
                await PayoutTransitions.ApplyAsync(c, tx, caller, row, target, request.Reason, payees.GetValueOrDefault(row.VolunteerId), now, token);
            }
            return new Stored(StatusCodes.Status200OK, new PayoutsResponse(ids.Select(id => rows[id].ToResponse()).ToList()));
        }, ct, alone: ids.Length > 100);
    }

    private static TransitionRefusal HeldRefusal(long payoutId, long batchId)
    {
        var single = PaymentBatches.PaymentBatchHold.Refusal([payoutId], [batchId]);
        return new TransitionRefusal(payoutId, single.Status, single.Code, single.Title, single.Message);
    }

    /// <summary>One problem naming every failing id; its code is theirs when they share one, else payout_bulk_refused.</summary>
    private static ApiProblemException Refused(List<TransitionRefusal> failures, PayoutStatus target, int sent)
    {
        var codes = failures.Select(f => f.Code).Distinct().ToList();
        var (status, code, title) = codes.Count == 1
            ? (failures[0].Status, failures[0].Code, failures[0].Title)
            : (StatusCodes.Status409Conflict, BulkRefused, "Bulk action refused");
        var list = failures.Select(f => new Dictionary<string, object?> { ["id"] = f.PayoutId, ["code"] = f.Code, ["detail"] = f.Detail }).ToList();
        return new ApiProblemException(status, code, title,
            $"{failures.Count} of {sent} payouts cannot become {EnumTypeHandlers.Name(target)}, so none did; see failures.",
            new Dictionary<string, object?> { ["failures"] = list });
    }
}
