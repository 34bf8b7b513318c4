using Burgerbaan.Contracts;
using NodaTime;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The probes of the hours, allowance, payout and audit rows of the matrix. Each write acts on a target of its own
/// (a fresh entry or payout per case), so one case's success cannot make another's refusal look like "nothing changed".
/// </summary>
public static class HoursAndMoneyProbes
{
    /// <summary>A year no payout counts in (SecurityWorld creates it), so a PUT may set any values; each probe sets an annual amount of its own.</summary>
    private const int LimitsYear = 2099;

    private static int _limitsProbes;

    /// <summary>The probe for <paramref name="endpoint"/>, or null when it is not one of these rows.</summary>
    public static async Task<Probe?> For(SecurityWorld w, string endpoint, string marker)
    {
        switch (endpoint)
        {
            case "POST /v1/hours":
                // The seeded placement belongs to the partner's organisation; for the other partner it is as unknown as a missing one.
                return new(HttpMethod.Post, "/v1/hours", new SubmitHoursRequest([new HourEntryInput(marker, w.Placement.Id, SecurityWorld.HourDay, 1)]),
                    () => Exists(w, "SELECT COUNT(*) FROM hour_entries WHERE external_id = @marker", marker), "entries[0].placementId");
            case "GET /v1/hours":
                return new(HttpMethod.Get, "/v1/hours");
            case "POST /v1/hours/{id}/approve":
                var toApprove = await w.SubmittedHours(marker);
                return new(HttpMethod.Post, $"/v1/hours/{toApprove}/approve", null, () => HourIs(w, toApprove, "approved"));
            case "POST /v1/hours/{id}/reject":
                var toReject = await w.SubmittedHours(marker);
                return new(HttpMethod.Post, $"/v1/hours/{toReject}/reject", new RejectHoursRequest("Dubbel ingevoerd"), () => HourIs(w, toReject, "rejected"));
            case "POST /v1/hours/approve":
                var batch = await w.SubmittedHours(marker);
                return new(HttpMethod.Post, "/v1/hours/approve", new ApproveHoursRequest([batch]), () => HourIs(w, batch, "approved"));
            case "GET /v1/placements/{id}/hours/summary":
                return new(HttpMethod.Get, $"/v1/placements/{w.Placement.Id}/hours/summary?month=2025-03");

            case "GET /v1/allowance-limits":
                return new(HttpMethod.Get, "/v1/allowance-limits");
            case "GET /v1/allowance-limits/{year}":
                return new(HttpMethod.Get, "/v1/allowance-limits/2025");
            case "PUT /v1/allowance-limits/{year}":
                var annual = 1_000_000L + Interlocked.Increment(ref _limitsProbes);
                return new(HttpMethod.Put, $"/v1/allowance-limits/{LimitsYear}", new PutAllowanceLimitsRequest(annual, 21_000, 560, 330),
                    () => Exists(w, $"SELECT COUNT(*) FROM allowance_limits WHERE year = {LimitsYear} AND annual_cents = @marker", annual));
            case "GET /v1/volunteers/{volunteerId}/allowance/{year}":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/allowance/2025");

            case "POST /v1/payouts":
                return new(HttpMethod.Post, "/v1/payouts", new CreatePayoutRequest(w.Volunteer.Id, PayoutKind.Travel, 1, SecurityWorld.PayoutMonth, marker),
                    () => Exists(w, "SELECT COUNT(*) FROM payouts WHERE description = @marker", marker));
            case "GET /v1/payouts":
                return new(HttpMethod.Get, "/v1/payouts");
            case "GET /v1/payouts/{id}":
                return new(HttpMethod.Get, $"/v1/payouts/{w["payout"]}");
            case "POST /v1/payouts/{id}/approve":
                return await PayoutTransition(w, marker, "approve", "approved");
            case "POST /v1/payouts/{id}/mark-paid":
                return await PayoutTransition(w, marker, "mark-paid", "paid");
            case "POST /v1/payouts/{id}/cancel":
                return await PayoutTransition(w, marker, "cancel", "cancelled");
            case "POST /v1/payouts/{id}/reject":
                return await PayoutTransition(w, marker, "reject", "rejected");
            // Issue 10: bulk payout actions, each on a fresh pending payout.
            case "POST /v1/payouts/approve":
                return await BulkPayoutAction(w, marker, "approve", "approved");
            case "POST /v1/payouts/cancel":
                return await BulkPayoutAction(w, marker, "cancel", "cancelled");
            case "POST /v1/payouts/reject":
                return await BulkPayoutAction(w, marker, "reject", "rejected");
            case "POST /v1/payout-runs":
                // An approved hour of its own, so an allowed run pays it and is stored (a run that pays nothing stores nothing).
                await w.ApprovedRunHour(marker);
                var runs = await w.Scalar<long>("SELECT COUNT(*) FROM payout_runs");
                return new(HttpMethod.Post, "/v1/payout-runs", new CreatePayoutRunRequest(SecurityWorld.PayoutMonth),
                    async () => await w.Scalar<long>("SELECT COUNT(*) FROM payout_runs") > runs);
            case "GET /v1/payout-runs":
                return new(HttpMethod.Get, "/v1/payout-runs?period=2025-03");
            case "GET /v1/payout-runs/{id}":
                return new(HttpMethod.Get, $"/v1/payout-runs/{w["payoutRun"]}");

            case "GET /v1/audit":
                return new(HttpMethod.Get, "/v1/audit");

            default:
                return null;
        }
    }

    /// <summary>A fresh payout in the state the action starts from (approved for mark-paid, else pending).</summary>
    private static async Task<Probe> PayoutTransition(SecurityWorld w, string marker, string action, string status)
    {
        var id = await w.PendingPayout(marker);
        if (action == "mark-paid")
        {
            await w.Transition(id, "approve");
        }
        return new(HttpMethod.Post, $"/v1/payouts/{id}/{action}", new PayoutActionRequest("Matrix probe"),
            () => Exists(w, $"SELECT COUNT(*) FROM payouts WHERE id = @id AND status = '{status}'", id));
    }

    private static async Task<Probe> BulkPayoutAction(SecurityWorld w, string marker, string action, string status)
    {
        var id = await w.PendingPayout(marker);
        return new(HttpMethod.Post, $"/v1/payouts/{action}", new BulkPayoutActionRequest([id], "Matrix probe"),
            () => Exists(w, $"SELECT COUNT(*) FROM payouts WHERE id = @id AND status = '{status}'", id));
    }

    private static Task<bool> HourIs(SecurityWorld w, long id, string status) =>
        Exists(w, $"SELECT COUNT(*) FROM hour_entries WHERE id = @id AND status = '{status}'", id);
}
