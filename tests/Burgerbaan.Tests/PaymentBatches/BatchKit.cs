using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>The test service with the cooperative's account configured (Finance:Debtor), as payment batches need.</summary>
public class DebtorApiFactory : BurgerbaanApiFactory
{
    public const string DebtorName = "Stadscoöperatie Almere U.A.";
    public const string DebtorIban = "NL91ABNA0417164300";
    public const string DebtorBic = "ABNANL2A";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>(base.Settings)
    {
        ["Finance:Debtor:Name"] = DebtorName,
        ["Finance:Debtor:Iban"] = "NL91 ABNA 0417 1643 00",
        ["Finance:Debtor:Bic"] = DebtorBic,
    };
}

/// <summary>Payouts made ready for a batch the way finance does it: created with the admin key, approved with a finance key (four eyes).</summary>
public static class BatchKit
{
    public static readonly LocalDate Execution = new(2025, 3, 18);

    /// <summary>A new volunteer with approved payouts of <paramref name="amounts"/>, one per month from January 2025.</summary>
    public static async Task<(VolunteerResponse Volunteer, List<PayoutResponse> Payouts)> Approved(this BurgerbaanApiFactory api, string first, string last,
        params long[] amounts)
    {
        var volunteer = await api.Volunteer(first, last);
        await api.Agreement(volunteer.Id, PayoutKit.YearStart, PayoutKit.YearEnd);
        var payouts = new List<PayoutResponse>();
        for (var i = 0; i < amounts.Length; i++)
        {
            var pending = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, amounts[i], i + 1));
            payouts.Add(await api.Transition(pending.Id, "approve"));
        }
        return (volunteer, payouts);
    }

    public static async Task<PayoutResponse> Transition(this BurgerbaanApiFactory api, long payoutId, string action) =>
        await (await api.Finance().PostJson($"/v1/payouts/{payoutId}/{action}", new PayoutActionRequest())).Read<PayoutResponse>();

    public static Task<HttpResponseMessage> Batch(this HttpClient client, params long[] payoutIds) =>
        client.PostJson("/v1/payment-batches", new CreatePaymentBatchRequest(Execution, payoutIds.Length == 0 ? null : payoutIds));

    public static async Task<PaymentBatchResponse> Created(this Task<HttpResponseMessage> sent)
    {
        var response = await sent;
        var batch = await response.Read<PaymentBatchResponse>(HttpStatusCode.Created);
        Assert.Equal($"/v1/payment-batches/{batch.Id}", response.Headers.Location?.OriginalString);
        return batch;
    }

    public static async Task<PaymentBatchResponse> GetBatch(this HttpClient client, long id) =>
        await (await client.GetAsync($"/v1/payment-batches/{id}")).Read<PaymentBatchResponse>();

    public static async Task<PayoutResponse> GetPayout(this HttpClient client, long id) =>
        await (await client.GetAsync($"/v1/payouts/{id}")).Read<PayoutResponse>();

    public static async Task<byte[]> File(this HttpClient client, long id)
    {
        var response = await client.GetAsync($"/v1/payment-batches/{id}/pain.001");
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"pain.001: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/xml", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static Task<HttpResponseMessage> MarkPaid(this HttpClient client, long id, LocalDate paidOn) =>
        client.PostJson($"/v1/payment-batches/{id}/mark-paid", new MarkPaymentBatchPaidRequest(paidOn));

    public static Task<HttpResponseMessage> Void(this HttpClient client, long id, string? reason = null) =>
        client.PostAsJsonAsync($"/v1/payment-batches/{id}/void", new VoidPaymentBatchRequest(reason), BurgerbaanApiFactory.Json);

    public static async Task<List<PaymentBatchSummary>> AllBatches(this HttpClient client, string query = "")
    {
        var all = new List<PaymentBatchSummary>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/v1/payment-batches?limit=200{query}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .Read<Page<PaymentBatchSummary>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }
}
