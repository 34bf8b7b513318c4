using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Contracts;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Payouts;

/// <summary>Payouts: refused before any limit is crossed, race-safe, idempotent, audited. Finance and admin only.</summary>
public static partial class PayoutEndpoints
{
    public static RouteGroupBuilder MapPayouts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/payouts").WithTags("Payouts").RequireAuthorization(Policies.Finance);

        group.MapPost("/", Create).WithName("CreatePayout")
            .WithSummary("Create a payout")
            .WithDescription("Creates a pending payout for one calendar month. Refused with 422 (nothing written) when no agreement covers the period " +
                "(no_active_agreement), the year has no limits (allowance_limits_missing), or the amount does not fit the month's or the year's " +
                "headroom (monthly_cap_exceeded, allowance_cap_exceeded); the problem carries limitCents and headroomCents. expense needs " +
                "receiptReference and does not count. Send an Idempotency-Key to make retries safe.")
            .Accepts<CreatePayoutRequest>("application/json")
            .Produces<PayoutResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListPayouts")
            .WithSummary("List payouts")
            .WithDescription("Oldest first, cursor paged; filter by volunteerId, period range (from, to: yyyy-MM, inclusive), status and kind.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPayout")
            .WithSummary("Get a payout")
            .WithDescription("Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapTransition(group, "approve", "ApprovePayout", "Approve a payout", "pending -> approved.", PayoutStatus.Approved);
        MapTransition(group, "mark-paid", "MarkPayoutPaid", "Mark a payout paid", "approved -> paid, once the money has left the cooperative's account.", PayoutStatus.Paid);
        MapTransition(group, "cancel", "CancelPayout", "Cancel a payout", "pending or approved -> cancelled; releases its amount from the totals.", PayoutStatus.Cancelled);
        MapTransition(group, "reject", "RejectPayout", "Reject a payout", "pending or approved -> rejected; releases its amount from the totals.", PayoutStatus.Rejected);
        return group;
    }

    private static async Task<IResult> Create(CreatePayoutRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent, CancellationToken ct)
    {
        new Checks()
            .Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.")
            .Require(request.Kind != PayoutKind.Expense || !string.IsNullOrWhiteSpace(request.ReceiptReference), "receiptReference", "An expense needs the receipt's reference.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var d = db.Dialect;
            var dateOfBirth = await c.ExecuteScalarAsync<LocalDate?>(new CommandDefinition(
                $"SELECT date_of_birth FROM {d.Locked("volunteers")} WHERE id = @VolunteerId", request, tx, cancellationToken: token))
                ?? throw ApiProblemException.Validation("volunteerId", "No volunteer with that id.");
            var limits = await PayoutSql.Limits(c, tx, request.Period.Year, token);
            var agreements = await PayoutSql.AgreementsInYear(c, tx, request.VolunteerId, request.Period.Year, token);
            var countedYear = await PayoutSql.CountedYear(c, tx, d, request.VolunteerId, request.Period.Year, token);
            var countedMonth = await PayoutSql.CountedMonth(c, tx, d, request.VolunteerId, request.Period, token);
            var kind = Enum.Parse<Kind>(request.Kind.ToString());
            var proposal = new Proposal(kind, request.AmountCents, request.Period, []);
            var situation = new Situation(dateOfBirth, limits?.ToLimits(), agreements.Select(a => a.ToTerms()).ToList(), countedYear, countedMonth);
            var verdict = AllowanceRules.Evaluate(proposal, situation);
            if (!verdict.Accepted)
            {
                throw Refusal(verdict);
            }
            if (AllowanceRules.Counts(kind))
            {
                var cap = AllowanceRules.EffectiveAnnualCapCents(situation.Limits!, situation.AgreementsInYear);
                if (!await PayoutSql.TryAdd(c, tx, d, request.VolunteerId, request.Period, request.AmountCents, cap, situation.Limits!.MonthlyCents, token))
                {
                    // Only reachable when the totals moved after they were read: re-judge against them.
                    throw Refusal(AllowanceRules.Evaluate(proposal, situation with
                    {
                        CountedYearCents = await PayoutSql.CountedYear(c, tx, d, request.VolunteerId, request.Period.Year, token),
                        CountedMonthCents = await PayoutSql.CountedMonth(c, tx, d, request.VolunteerId, request.Period, token),
                    }) is { Accepted: false } again ? again : new Verdict(AllowanceRules.AnnualCapExceeded, "The totals changed; retry."));
                }
            }
            var first = AllowanceRules.FirstDay(request.Period);
            var last = AllowanceRules.LastDay(request.Period);
            var now = clock.GetCurrentInstant();
            var row = new PayoutSql.Row
            {
                VolunteerId = request.VolunteerId,
                AgreementId = agreements.First(a => a.ToTerms().Overlaps(first, last)).Id,
                Kind = request.Kind.ToString().ToLowerInvariant(),
                AmountCents = request.AmountCents,
                Period = request.Period,
                Status = "pending",
                Description = request.Description,
                ReceiptReference = request.ReceiptReference,
                CreatedAt = now,
                UpdatedAt = now,
                Version = 1,
            };
            row.Id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO payouts (volunteer_id, agreement_id, kind, amount_cents, period, status, description, receipt_reference, created_at, updated_at, version) " +
                "VALUES (@VolunteerId, @AgreementId, @Kind, @AmountCents, @Period, @Status, @Description, @ReceiptReference, @CreatedAt, @UpdatedAt, @Version);" + d.SelectInsertedId,
                row, tx, cancellationToken: token));
            await AuditTrail.WriteAsync(c, tx, caller, "payout.created", "payout", row.Id,
                new { after = new { row.Status, row.Kind, row.AmountCents, period = AllowanceRules.Iso(row.Period), row.VolunteerId } }, now, token);
            return new Stored(StatusCodes.Status201Created, row.ToResponse(), $"/v1/payouts/{row.Id}");
        }, ct);
    }

    /// <summary>A 422 problem with the rule's code and the figures behind it.</summary>
    internal static ApiProblemException Refusal(Verdict verdict)
    {
        var extensions = new Dictionary<string, object?>();
        if (verdict.LimitCents is { } limit)
        {
            extensions["limitCents"] = limit;
        }
        if (verdict.HeadroomCents is { } headroom)
        {
            extensions["headroomCents"] = headroom;
        }
        return new ApiProblemException(StatusCodes.Status422UnprocessableEntity, verdict.Code!, "Payout refused", verdict.Detail!, extensions);
    }
}
