using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>Payment batches: approved payouts paid as one SEPA credit transfer file (pain.001.001.03). Finance and admin only.</summary>
public static partial class PaymentBatchEndpoints
{
    public static RouteGroupBuilder MapPaymentBatches(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/payment-batches").WithTags("Payment batches").RequireAuthorization(Policies.Finance);
        group.MapPost("/", Create).WithName("CreatePaymentBatch")
            .WithSummary("Batch approved payouts for a SEPA credit transfer file")
            .WithDescription("Puts the named approved payouts (payoutIds), or every approved payout no batch holds, in an open batch: one credit " +
                "transfer per volunteer (the sum of their payouts) to the payee fixed at approval. Refused with 400 for an unknown payout id, " +
                "409 payout_already_batched (another open or paid batch holds them; payoutIds, paymentBatchIds), 422 payout_not_approved (payoutIds), " +
                "payout_payee_missing (approved before payees were fixed at approval, or a name without a character SEPA carries; payoutIds), " +
                "payment_batch_empty (no approved payout left to batch) and debtor_not_configured (Finance:Debtor is not set). " +
                "While the batch is open its payouts are paid, cancelled or rejected only through it. Honours Idempotency-Key.")
            .Accepts<CreatePaymentBatchRequest>("application/json")
            .Produces<PaymentBatchResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListPaymentBatches")
            .WithSummary("List payment batches")
            .WithDescription("Oldest first, cursor paged, without their transfers; filter by status.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPaymentBatch")
            .WithSummary("Get a payment batch with its transfers")
            .WithDescription("Carries an ETag. A voided batch still lists what it held.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:long}/pain.001", File).WithName("GetPaymentBatchFile")
            .WithSummary("The batch's SEPA credit transfer file")
            .WithDescription("ISO 20022 pain.001.001.03 as Dutch banks take it: the same bytes on every download. A voided batch has no file " +
                "(409 conflict): it must not reach the bank.")
            .Produces<string>(StatusCodes.Status200OK, "application/xml")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        MapTransitions(group);
        return group;
    }

    public const string AlreadyBatched = "payout_already_batched";
    public const string NotApproved = "payout_not_approved";
    public const string PayeeMissing = "payout_payee_missing";
    public const string Empty = "payment_batch_empty";
    public const string DebtorMissing = "debtor_not_configured";

    private static async Task<IResult> Create(CreatePaymentBatchRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
        IOptions<DebtorSettings> settings, CancellationToken ct)
    {
        var today = Today.In(clock);
        var ids = request.PayoutIds?.Distinct().ToArray();
        new Checks()
            .Require(request.RequestedExecutionDate >= today && request.RequestedExecutionDate <= today.PlusYears(1), "requestedExecutionDate",
                $"requestedExecutionDate must lie between today ({today:yyyy-MM-dd}, Europe/Amsterdam) and a year ahead.")
            .Require(ids is null || ids.Length is >= 1 and <= 1000, "payoutIds", "Send 1 to 1,000 payout ids, or leave payoutIds out to batch every approved payout.")
            .Require(ids is null || ids.All(id => id > 0), "payoutIds", "Payout ids are positive.")
            .ThrowIfAny();
        var debtor = settings.Value.Debtor ?? throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, DebtorMissing, "Debtor not configured",
            $"No account to pay from is configured: set {DebtorSettings.Section}:Name, :Iban and :Bic (README, Configuration) and restart the service.");
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var payouts = Select(await PaymentBatchSql.Candidates(c, tx, db.Dialect, ids, token), ids);
            var now = clock.GetCurrentInstant();
            var row = new PaymentBatchSql.Row
            {
                Status = PaymentBatchStatus.Open,
                RequestedExecutionDate = request.RequestedExecutionDate,
                DebtorName = debtor.Name,
                DebtorIban = debtor.Iban,
                DebtorBic = debtor.Bic,
                // The plan does not depend on the batch's id, only its end-to-end ids do.
                TransferCount = TransferPlan.Transfers(0, payouts).Count,
                PayoutCount = payouts.Count,
                ControlSumCents = payouts.Sum(p => p.AmountCents),
                CreatedAt = now,
                CreatedByKeyId = caller.KeyId,
                UpdatedAt = now,
                Version = 1,
            };
            row.Id = await PaymentBatchSql.Insert(c, tx, db.Dialect, row, payouts.Select(p => p.PayoutId).ToList(), token);
            await Audit.AuditTrail.WriteAsync(c, tx, caller, "payment_batch.created", "payment_batch", row.Id, new
            {
                after = new
                {
                    status = row.Status, requestedExecutionDate = NodaTime.Text.LocalDatePattern.Iso.Format(row.RequestedExecutionDate), row.MessageId, row.TransferCount, row.PayoutCount, row.ControlSumCents,
                    debtorIban = row.DebtorIban, payoutIds = payouts.Select(p => p.PayoutId).ToList(),
                },
            }, now, token);
            return new Stored(StatusCodes.Status201Created, row.ToResponse(TransferPlan.Transfers(row.Id, payouts)), $"/v1/payment-batches/{row.Id}");
        }, ct);
    }

    /// <summary>What a new batch pays, or the refusal that names every payout it cannot take.</summary>
    private static List<BatchPayout> Select(List<PaymentBatchSql.Candidate> found, long[]? ids)
    {
        if (ids is not null)
        {
            var known = found.Select(p => p.PayoutId).ToHashSet();
            var unknown = ids.Where(id => !known.Contains(id)).Order().ToList();
            if (unknown.Count > 0)
            {
                throw ApiProblemException.Validation("payoutIds", $"No payout with id {string.Join(", ", unknown)}.");
            }
            var held = found.Where(p => p.HeldBy is not null).ToList();
            if (held.Count > 0)
            {
                throw new ApiProblemException(StatusCodes.Status409Conflict, AlreadyBatched, "Payout already in a batch",
                    $"Payout(s) {string.Join(", ", held.Select(p => p.PayoutId))} are already in payment batch(es) that are open or paid; void an open batch to batch them anew.",
                    new Dictionary<string, object?>
                    {
                        ["payoutIds"] = held.Select(p => p.PayoutId).ToList(),
                        ["paymentBatchIds"] = held.Select(p => p.HeldBy!.Value).Distinct().Order().ToList(),
                    });
            }
            var unapproved = found.Where(p => p.Status != PayoutStatus.Approved).Select(p => p.PayoutId).ToList();
            if (unapproved.Count > 0)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, NotApproved, "Payout not approved",
                    $"Only approved payouts are paid; payout(s) {string.Join(", ", unapproved)} are not approved.",
                    new Dictionary<string, object?> { ["payoutIds"] = unapproved });
            }
        }
        if (found.Count == 0)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, Empty, "Nothing to batch",
                "No approved payout is left that no open or paid batch holds.");
        }
        var payeeless = found.Where(p => string.IsNullOrWhiteSpace(p.PayeeIban) || SepaText.Transliterate(p.PayeeName ?? "").Length == 0)
            .Select(p => p.PayoutId).ToList();
        if (payeeless.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, PayeeMissing, "Payee missing",
                $"Payout(s) {string.Join(", ", payeeless)} have no payee fixed at approval (approved before payees were fixed), or a name with no " +
                "character the SEPA character set carries; reject them and pay anew, or name the other payouts in payoutIds.",
                new Dictionary<string, object?> { ["payoutIds"] = payeeless });
        }
        return found.Select(p => new BatchPayout(p.PayoutId, p.VolunteerId, p.AmountCents, p.Period, p.PayeeName!, p.PayeeIban!)).ToList();
    }

    public sealed record Filter(
        [FromQuery(Name = "status"), EnumQuery(typeof(PaymentBatchStatus))] string? Status,
        [FromQuery(Name = "limit")] int? Limit,
        [FromQuery(Name = "cursor")] string? Cursor);

    /// <summary>Only the filters given go into the WHERE (see <see cref="KeysetPage"/>); (status, id) serves a status in id order.</summary>
    internal static string ListSql(bool byStatus, SqlDialect d) =>
        new KeysetPage().When(byStatus, "status = @status").Sql($"SELECT {PaymentBatchSql.Columns} FROM payment_batches", d);

    private static async Task<Ok<Page<PaymentBatchSummary>>> List([AsParameters] Filter filter, Db db, CancellationToken ct)
    {
        var (limit, after) = new PageQuery(filter.Limit, filter.Cursor).Resolve();
        var status = EnumQuery.Parse<PaymentBatchStatus>(filter.Status, "status");
        var rows = await db.ReadAsync(async (c, token) => (await c.QueryAsync<PaymentBatchSql.Row>(new CommandDefinition(
            ListSql(status is not null, db.Dialect), new { after, status, take = limit + 1 }, cancellationToken: token))).AsList(), ct);
        return TypedResults.Ok(Paging.ToPage(rows, limit, r => r.Id, r => r.ToSummary()));
    }

    private static async Task<Ok<PaymentBatchResponse>> Get(long id, HttpContext http, Db db, CancellationToken ct)
    {
        var (row, payouts) = await Load(db, id, ct);
        ETags.Set(http, row.Version);
        return TypedResults.Ok(row.ToResponse(TransferPlan.Transfers(row.Id, payouts)));
    }

    private static async Task<FileContentHttpResult> File(long id, Db db, CancellationToken ct)
    {
        var (row, payouts) = await Load(db, id, ct);
        if (row.Status == PaymentBatchStatus.Voided)
        {
            throw ApiProblemException.Conflict($"Payment batch {id} is voided; its file must not reach the bank.");
        }
        var transfers = TransferPlan.Transfers(row.Id, payouts)
            .Select(t => new Pain001Transfer(t.EndToEndId, t.AmountCents, t.CreditorName, t.CreditorIban, t.RemittanceInformation)).ToList();
        var file = Pain001.Write(new Pain001Message(row.MessageId, row.CreatedAt, row.RequestedExecutionDate, row.Debtor, transfers));
        return TypedResults.File(file, "application/xml", row.MessageId + ".xml");
    }

    private static async Task<(PaymentBatchSql.Row Row, List<BatchPayout> Payouts)> Load(Db db, long id, CancellationToken ct) =>
        await db.ReadAsync(async (c, token) =>
        {
            var row = await PaymentBatchSql.Find(c, null, db.Dialect, id, token) ?? throw ApiProblemException.NotFound("payment batch");
            return (row, await PaymentBatchSql.Payouts(c, null, id, token));
        }, ct);
}
