using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The probes of the payment batch rows (issue 10). Each case gets a batch of its own, over a fresh 1-cent payout created with the
/// admin key and approved with the finance key (four eyes), so one case's success cannot look like another's "nothing changed".
/// </summary>
public static class PaymentBatchProbes
{
    private static readonly LocalDate Execution = new(2025, 3, 18);

    public static async Task<Probe?> For(SecurityWorld w, string endpoint, string marker)
    {
        switch (endpoint)
        {
            case "POST /v1/payment-batches":
                var payout = await ApprovedPayout(w, marker);
                return new(HttpMethod.Post, "/v1/payment-batches", new CreatePaymentBatchRequest(Execution, [payout]),
                    () => Exists(w, "SELECT COUNT(*) FROM payment_batch_payouts WHERE payout_id = @id AND held = 1", payout));
            case "GET /v1/payment-batches":
                return new(HttpMethod.Get, "/v1/payment-batches");
            case "GET /v1/payment-batches/{id}":
                return new(HttpMethod.Get, $"/v1/payment-batches/{await OpenBatch(w, marker)}");
            case "GET /v1/payment-batches/{id}/pain.001":
                return new(HttpMethod.Get, $"/v1/payment-batches/{await OpenBatch(w, marker)}/pain.001");
            case "POST /v1/payment-batches/{id}/mark-paid":
                var toPay = await OpenBatch(w, marker);
                return new(HttpMethod.Post, $"/v1/payment-batches/{toPay}/mark-paid", new MarkPaymentBatchPaidRequest(new LocalDate(2025, 3, 14)),
                    () => Exists(w, "SELECT COUNT(*) FROM payment_batches WHERE id = @id AND status = 'paid'", toPay));
            case "POST /v1/payment-batches/{id}/void":
                var toVoid = await OpenBatch(w, marker);
                return new(HttpMethod.Post, $"/v1/payment-batches/{toVoid}/void", new VoidPaymentBatchRequest("Matrix probe"),
                    () => Exists(w, "SELECT COUNT(*) FROM payment_batches WHERE id = @id AND status = 'voided'", toVoid));
            default:
                return null;
        }
    }

    private static async Task<long> ApprovedPayout(SecurityWorld w, string marker)
    {
        var id = await w.PendingPayout(marker);
        (await w.Client(ApiRole.Finance).PostJson($"/v1/payouts/{id}/approve", new PayoutActionRequest())).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<long> OpenBatch(SecurityWorld w, string marker) =>
        (await (await w.Admin().PostJson("/v1/payment-batches", new CreatePaymentBatchRequest(Execution, [await ApprovedPayout(w, marker)])))
            .Read<PaymentBatchResponse>(HttpStatusCode.Created)).Id;
}
