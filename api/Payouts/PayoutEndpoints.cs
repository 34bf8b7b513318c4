using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.Sponsors;
using Burgerbaan.Api.Telemetry;
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
                "(no_active_agreement), the volunteer is deactivated (volunteer_inactive), an hour entry is not approved (hour_entry_not_approved, " +
                "with hourEntryIds), the year has no limits (allowance_limits_missing), the amount is above the legal hourly maximum for the " +
                "hours paid (hourly_rate_exceeded), an hour entry is already paid (hour_entry_already_paid), or the amount does not fit the " +
                "month's or the year's headroom (monthly_cap_exceeded, allowance_cap_exceeded); the problem carries limitCents and headroomCents. " +
                "A counted payout (not an expense) of a month in which the volunteer has an allocation draws on that sponsorship's allowance budget " +
                "(sponsorshipId on the payout; README, Sponsors and SROI): over it is 422 sponsorship_budget_exceeded (limitCents, headroomCents); " +
                "a sponsorshipId sent that is not the one that applies is 422 sponsorship_mismatch. " +
                "expense needs receiptReference and does not count. Send an Idempotency-Key to make retries safe.")
            .Accepts<CreatePayoutRequest>("application/json")
            .Produces<PayoutResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/", List).WithName("ListPayouts")
            .WithSummary("List payouts")
            .WithDescription("Oldest first, cursor paged; filter by volunteerId, period range (from, to: yyyy-MM, inclusive), status and kind. " +
                "As CSV (Accept: text/csv or format=csv; format=json forces JSON): every matching payout, streamed, with the same filters and no " +
                "limit or cursor (README, CSV exports, lists the columns).")
            .Produces<Page<PayoutResponse>>(StatusCodes.Status200OK, "application/json", CsvExport.MediaType)
            .WithMetadata(PayoutCsv.Example)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/{id:long}", Get).WithName("GetPayout")
            .WithSummary("Get a payout")
            .WithDescription("Carries an ETag.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        MapTransition(group, "approve", "ApprovePayout", "Approve a payout", "pending -> approved. Fixes the payee on the payout: the volunteer's full name and IBAN as " +
            "they are now (payeeName, payeeIban; a later change of the volunteer does not move them); a volunteer without a valid IBAN is a 422 " +
            "payee_iban_missing. Four eyes (Finance:FourEyes, on by default): the key that created the payout (for a payout run's payouts, the key " +
            "that started the run) may not approve it, 409 four_eyes_required.", PayoutStatus.Approved);
        MapTransition(group, "mark-paid", "MarkPayoutPaid", "Mark a payout paid", "approved -> paid, once the money has left the cooperative's account.", PayoutStatus.Paid);
        MapTransition(group, "cancel", "CancelPayout", "Cancel a payout", "pending or approved -> cancelled; releases its amount from the totals and from the sponsorship it drew on.", PayoutStatus.Cancelled);
        MapTransition(group, "reject", "RejectPayout", "Reject a payout", "pending or approved -> rejected; releases its amount from the totals and from the sponsorship it drew on.", PayoutStatus.Rejected);
        // Issue 10: bulk approve, cancel and reject.
        MapBulk(group, "approve", "ApprovePayouts", "Approve payouts in bulk", PayoutStatus.Approved);
        MapBulk(group, "cancel", "CancelPayouts", "Cancel payouts in bulk", PayoutStatus.Cancelled);
        MapBulk(group, "reject", "RejectPayouts", "Reject payouts in bulk", PayoutStatus.Rejected);
        return group;
    }

    private static async Task<IResult> Create(CreatePayoutRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent,
        BusinessMetrics metrics, CancellationToken ct)
    {
        try
        {
            var result = await CreateAsync(request, http, db, clock, idempotent, ct);
            if (!http.Response.Headers.ContainsKey(IdempotentPost.ReplayedHeader))
            {
                metrics.PayoutCreated(request.Kind);
            }
            return result;
        }
        catch (ApiProblemException refused)
        {
            metrics.PayoutRefused(refused.Code);
            throw;
        }
    }

    private static async Task<IResult> CreateAsync(CreatePayoutRequest request, HttpContext http, Db db, IClock clock, IdempotentPost idempotent, CancellationToken ct)
    {
        new Checks()
            .Require(request.Period.Year is >= 2000 and <= 2100, "period", "period must lie between 2000-01 and 2100-12.")
            .Require(request.Kind != PayoutKind.Expense || !string.IsNullOrWhiteSpace(request.ReceiptReference), "receiptReference", "An expense needs the receipt's reference.")
            .ThrowIfAny();
        var hourIds = request.HourEntryIds?.Distinct().ToArray() ?? [];
        new Checks()
            .Require(request.HourEntryIds is null || hourIds.Length is >= 1 and <= 1000, "hourEntryIds", "Send 1 to 1,000 hour entry ids, or leave hourEntryIds out.")
            .Require(hourIds.Length == 0 || request.Kind == PayoutKind.Allowance, "hourEntryIds", "Hours are paid with kind allowance.")
            .ThrowIfAny();
        var caller = Caller.From(http.User);
        return await idempotent.RunAsync(http, request, async (c, tx, token) =>
        {
            var scene = await PayoutWriter.LoadAsync(c, tx, db.Dialect, request.VolunteerId, request.Period, token)
                ?? throw ApiProblemException.Validation("volunteerId", "No volunteer with that id.");
            if (!scene.Active)
            {
                throw PayoutWriter.VolunteerInactive(scene.VolunteerId);
            }
            var hours = await HoursToPay(c, tx, db.Dialect, request, hourIds, token);
            var proposal = new Proposal(request.Kind, request.AmountCents, request.Period, hours);
            var verdict = AllowanceRules.Evaluate(proposal, scene.Situation);
            if (!verdict.Accepted)
            {
                throw PayoutWriter.Refusal(verdict);
            }
            MoneyFunding.Check(request.SponsorshipId, scene.Funding, request.Kind, request.AmountCents, request.VolunteerId, request.Period);
            var row = await PayoutWriter.BookAsync(c, tx, db.Dialect, caller, scene, proposal, request.Description, request.ReceiptReference,
                hourIds, null, caller.KeyId, clock.GetCurrentInstant(), token);
            return new Stored(StatusCodes.Status201Created, row.ToResponse(), $"/v1/payouts/{row.Id}");
        }, ct);
    }

    private sealed class HourToPay
    {
        public long Id { get; init; }
        public long VolunteerId { get; init; }
        public LocalDate Date { get; init; }
        public int Minutes { get; init; }
        public HourStatus Status { get; init; }
        public long? PayoutId { get; init; }
    }

    /// <summary>The hour entries a payout pays for: approved entries of the volunteer, worked in the period, not yet paid.</summary>
    private static async Task<IReadOnlyList<WorkedMinutes>> HoursToPay(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction tx,
        SqlDialect d, CreatePayoutRequest request, long[] ids, CancellationToken ct)
    {
        if (ids.Length == 0)
        {
            return [];
        }
        var rows = (await c.QueryAsync<HourToPay>(new CommandDefinition(
            $"SELECT id AS Id, volunteer_id AS VolunteerId, date AS Date, minutes AS Minutes, status AS Status, payout_id AS PayoutId FROM {d.Locked("hour_entries")} WHERE id IN @ids",
            new { ids }, tx, cancellationToken: ct))).ToDictionary(r => r.Id);
        var first = AllowanceRules.FirstDay(request.Period);
        var last = AllowanceRules.LastDay(request.Period);
        var checks = new Checks();
        foreach (var id in ids)
        {
            var known = rows.TryGetValue(id, out var row) && row.VolunteerId == request.VolunteerId;
            checks.Require(known, "hourEntryIds", $"{id} is not an hour entry of this volunteer.");
            checks.Require(!known || (row!.Date >= first && row.Date <= last), "hourEntryIds", $"Hour entry {id} was not worked in {AllowanceRules.Iso(request.Period)}.");
        }
        checks.ThrowIfAny();
        // Known entries of this volunteer that are not approved yet: a business refusal, not a malformed request.
        var unapproved = ids.Where(id => rows[id].Status != HourStatus.Approved).ToList();
        if (unapproved.Count > 0)
        {
            throw PayoutWriter.NotApproved(unapproved);
        }
        var paid = ids.Where(id => rows[id].PayoutId is not null).ToList();
        if (paid.Count > 0)
        {
            throw PayoutWriter.AlreadyPaid(paid);
        }
        return ids.Select(id => new WorkedMinutes(rows[id].Date, rows[id].Minutes)).ToList();
    }
}
