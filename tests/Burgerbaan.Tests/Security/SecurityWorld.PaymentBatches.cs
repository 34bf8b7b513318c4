using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Security;

public sealed partial class SecurityWorld
{
    /// <summary>
    /// Issue 10: an approved payout no batch holds ({payoutToBatch}) and two open payment batches ({batchToPay}, {batchToVoid}), each
    /// over a payout of its own, created with the admin key and approved with the finance key (four eyes).
    /// </summary>
    private async Task SeedPaymentBatches()
    {
        foreach (var name in new[] { "payoutToBatch", "batchToPay", "batchToVoid" })
        {
            var payout = await PendingPayout(name);
            (await Client(ApiRole.Finance).PostJson($"/v1/payouts/{payout}/approve", new PayoutActionRequest())).EnsureSuccessStatusCode();
            _ids[name] = name == "payoutToBatch"
                ? payout
                : (await (await Admin().PostJson("/v1/payment-batches", new CreatePaymentBatchRequest(new LocalDate(2025, 3, 18), [payout])))
                    .Read<PaymentBatchResponse>(HttpStatusCode.Created)).Id;
        }
    }
}
