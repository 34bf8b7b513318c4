using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.PaymentBatches;

/// <summary>Payment batches end to end: the batch as stored, its pain.001 file against the schema and the payouts, paid and voided.</summary>
public sealed class PaymentBatchTests(DebtorApiFactory api) : IClassFixture<DebtorApiFactory>
{
    [Fact]
    public async Task A_batch_pays_one_transfer_per_volunteer_and_its_file_validates_with_the_payouts_totals()
    {
        var (anna, annas) = await api.Approved("José", "Çelik", 21000, 15000);
        var (joris, joriss) = await api.Approved("Joris", "de Boer", 1250);
        var ids = annas.Concat(joriss).Select(p => p.Id).ToArray();

        var created = await api.Finance().Batch(ids).Created();
        var stored = await api.Admin().GetBatch(created.Id);
        var file = Sepa.Validated(await api.Finance().File(created.Id));

        Assert.Equivalent(created, stored, strict: true);
        var payouts = new List<PayoutResponse>();
        foreach (var id in ids)
        {
            payouts.Add(await api.Finance().GetPayout(id));
        }
        Assert.All(payouts, p => Assert.Equal(PayoutStatus.Approved, p.Status));
        Assert.Equal((PaymentBatchStatus.Open, BatchKit.Execution, 2, 3, payouts.Sum(p => p.AmountCents)),
            (stored.Status, stored.RequestedExecutionDate, stored.TransferCount, stored.PayoutCount, stored.ControlSumCents));
        Assert.Equal(new PaymentBatchDebtor(DebtorApiFactory.DebtorName, DebtorApiFactory.DebtorIban, DebtorApiFactory.DebtorBic), stored.Debtor);
        Assert.Equal(
            [
                new PaymentTransfer(anna.Id, $"BB-B{stored.Id}-V{anna.Id}", 36000, "Jose Celik", anna.Iban!, "Vrijwilligersvergoeding 2025-01, 2025-02",
                    annas.Select(p => p.Id).ToList()),
                new PaymentTransfer(joris.Id, $"BB-B{stored.Id}-V{joris.Id}", 1250, "Joris de Boer", joris.Iban!, "Vrijwilligersvergoeding 2025-01",
                    joriss.Select(p => p.Id).ToList()),
            ],
            stored.Transfers.Select(t => t with { PayoutIds = t.PayoutIds.ToList() }).ToList(),
            new TransferComparer());

        // The file: the number of transactions is the number of volunteers, the control sum the sum of the payouts.
        var header = file.GroupHeader();
        Assert.Equal(stored.MessageId, header.Text("MsgId"));
        Assert.Equal("2025-03-14T09:00:00Z", header.Text("CreDtTm"));
        Assert.Equal("2", header.Text("NbOfTxs"));
        Assert.Equal(payouts.Sum(p => p.AmountCents), Sepa.Cents(header.Text("CtrlSum")));
        Assert.Equal(header.Text("CtrlSum"), file.PaymentInformation().Text("CtrlSum"));
        Assert.Equal("2025-03-18", file.PaymentInformation().Text("ReqdExctnDt"));
        Assert.Equal(("Stadscooperatie Almere U.A.", DebtorApiFactory.DebtorIban, DebtorApiFactory.DebtorBic),
            (file.PaymentInformation().Text("Dbtr", "Nm"), file.PaymentInformation().Text("DbtrAcct", "Id", "IBAN"),
                file.PaymentInformation().Text("DbtrAgt", "FinInstnId", "BIC")));
        Assert.Equal(stored.Transfers.Select(t => (t.EndToEndId, t.AmountCents, t.CreditorName, t.CreditorIban, t.RemittanceInformation)),
            file.Transfers().Select(t => (t.Text("PmtId", "EndToEndId"), Sepa.Cents(t.Text("Amt", "InstdAmt")), t.Text("Cdtr", "Nm"),
                t.Text("CdtrAcct", "Id", "IBAN"), t.Text("RmtInf", "Ustrd"))));
        Assert.Equal(await api.Finance().File(created.Id), await api.Admin().File(created.Id));
    }

    [Fact]
    public async Task Mark_paid_pays_every_payout_of_the_batch_with_the_date_and_audits_it()
    {
        var (_, payouts) = await api.Approved("Mehmet", "Yilmaz", 21000, 21000, 100);
        var batch = await api.Finance().Batch(payouts.Select(p => p.Id).ToArray()).Created();
        var paidOn = new LocalDate(2025, 3, 14);

        var answer = await (await api.Finance().MarkPaid(batch.Id, paidOn)).Read<PaymentBatchResponse>();
        var stored = await api.Admin().GetBatch(batch.Id);

        Assert.Equivalent(answer, stored, strict: true);
        Assert.Equal((PaymentBatchStatus.Paid, (LocalDate?)paidOn), (stored.Status, stored.PaidOn));
        foreach (var p in payouts)
        {
            Assert.Equal(PayoutStatus.Paid, (await api.Finance().GetPayout(p.Id)).Status);
            var row = Assert.Single(await api.Admin().AuditRows($"entity=payout&entityId={p.Id}&action=payout.paid"));
            Assert.Equal($$"""{"status":{"from":"approved","to":"paid"},"amountCents":{{p.AmountCents}},"reason":null,"sponsorshipId":null,"paymentBatchId":{{batch.Id}},"paidOn":"2025-03-14"}""", row.Summary);
            Assert.Equal(ApiRole.Finance, row.Role);
        }
        var trail = await api.Admin().AuditRows($"entity=payment_batch&entityId={batch.Id}");
        Assert.Equal(["payment_batch.created", "payment_batch.paid"], trail.Select(r => r.Action));
        Assert.Equal("""{"before":{"status":"open"},"after":{"status":"paid","paidOn":"2025-03-14"}}""", trail[1].Summary);
        Assert.Contains($"\"payoutIds\":[{string.Join(",", payouts.Select(p => p.Id))}]", trail[0].Summary, StringComparison.Ordinal);
        Assert.Contains($"\"controlSumCents\":42100", trail[0].Summary, StringComparison.Ordinal);

        // Paid is final: no second payment, no void; the file stays downloadable for the records.
        var again = await (await api.Finance().MarkPaid(batch.Id, paidOn)).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("A paid payment batch cannot be marked paid; only an open one can.", (string?)again["detail"]);
        await (await api.Finance().Void(batch.Id)).Problem(HttpStatusCode.Conflict, "conflict");
        Sepa.Validated(await api.Finance().File(batch.Id));
        Assert.Equal(2, (await api.Admin().AuditRows($"entity=payment_batch&entityId={batch.Id}")).Count);
    }

    /// <summary>
    /// A bulk cancel or reject names every payout an open batch holds in its failures, as it names every other failing id
    /// (it once stopped at the first held payout and named only that one), and moves none of them.
    /// </summary>
    [Fact]
    public async Task A_bulk_cancel_or_reject_names_every_payout_an_open_batch_holds_and_moves_none()
    {
        var (_, payouts) = await api.Approved("Fleur", "Bakker", 4000, 4500, 3000);
        var ids = payouts.Select(p => p.Id).ToArray();
        var batch = await api.Finance().Batch(ids[0], ids[1]).Created();
        var paid = ids[2];
        await api.Transition(paid, "mark-paid");

        foreach (var action in new[] { "cancel", "reject" })
        {
            var alone = await (await api.Finance().PostJson($"/v1/payouts/{action}", new BulkPayoutActionRequest([ids[1], ids[0]], "Dubbel")))
                .Problem(HttpStatusCode.Conflict, "payout_in_payment_batch");
            var failures = alone["failures"]!.AsArray();
            Assert.Equal([ids[0], ids[1]], failures.Select(f => (long)f!["id"]!));
            Assert.All(failures, f =>
            {
                Assert.Equal("payout_in_payment_batch", (string?)f!["code"]);
                Assert.Contains($"{batch.Id}", (string?)f["detail"], StringComparison.Ordinal);
            });

            var mixed = await (await api.Finance().PostJson($"/v1/payouts/{action}", new BulkPayoutActionRequest([paid, ids[0]], "Dubbel")))
                .Problem(HttpStatusCode.Conflict, "payout_bulk_refused");
            Assert.Equal([(ids[0], "payout_in_payment_batch"), (paid, "conflict")],
                mixed["failures"]!.AsArray().Select(f => ((long)f!["id"]!, (string?)f["code"])).OrderBy(f => f.Item1));
        }
        Assert.Equal([PayoutStatus.Approved, PayoutStatus.Approved, PayoutStatus.Paid],
            [(await api.Finance().GetPayout(ids[0])).Status, (await api.Finance().GetPayout(ids[1])).Status, (await api.Finance().GetPayout(paid)).Status]);
        Assert.Equal(PaymentBatchStatus.Open, (await api.Finance().GetBatch(batch.Id)).Status);
    }

    [Fact]
    public async Task A_payout_in_an_open_batch_is_not_cancelled_rejected_or_paid_on_its_own_until_the_batch_is_voided()
    {
        var (_, payouts) = await api.Approved("Sanne", "de Vries", 5000, 6000);
        var held = payouts[0].Id;
        var batch = await api.Finance().Batch(payouts.Select(p => p.Id).ToArray()).Created();

        foreach (var action in new[] { "cancel", "reject", "mark-paid" })
        {
            var problem = await (await api.Finance().PostJson($"/v1/payouts/{held}/{action}", new PayoutActionRequest("Dubbel")))
                .Problem(HttpStatusCode.Conflict, "payout_in_payment_batch");
            Assert.Equal([held], problem["payoutIds"]!.AsArray().Select(n => (long)n!));
            Assert.Equal([batch.Id], problem["paymentBatchIds"]!.AsArray().Select(n => (long)n!));
        }
        Assert.Equal(PayoutStatus.Approved, (await api.Finance().GetPayout(held)).Status);

        var voided = await (await api.Admin().Void(batch.Id, "Verkeerde uitvoerdatum")).Read<PaymentBatchResponse>();
        var cancelled = await api.Transition(held, "cancel");
        var stored = await api.Finance().GetBatch(batch.Id);

        Assert.Equivalent(voided, stored, strict: true);
        Assert.Equal(PaymentBatchStatus.Voided, stored.Status);
        Assert.NotNull(stored.VoidedAt);
        Assert.Equal(payouts.Select(p => p.Id), stored.Transfers.SelectMany(t => t.PayoutIds));
        Assert.Equal(PayoutStatus.Cancelled, (await api.Finance().GetPayout(held)).Status);
        Assert.Equal(PayoutStatus.Cancelled, cancelled.Status);
        await (await api.Finance().GetAsync($"/v1/payment-batches/{batch.Id}/pain.001")).Problem(HttpStatusCode.Conflict, "conflict");
        var trail = await api.Admin().AuditRows($"entity=payment_batch&entityId={batch.Id}&action=payment_batch.voided");
        Assert.StartsWith("""{"before":{"status":"open"},"after":{"status":"voided","voidedAt":""", Assert.Single(trail).Summary, StringComparison.Ordinal);
        Assert.EndsWith(""","reason":"Verkeerde uitvoerdatum"}""", trail[0].Summary, StringComparison.Ordinal);

        // Freed, the other payout goes into a new batch.
        var next = await api.Finance().Batch(payouts[1].Id).Created();
        Assert.Equal([payouts[1].Id], (await api.Finance().GetBatch(next.Id)).Transfers.Single().PayoutIds);
    }

    private sealed class TransferComparer : IEqualityComparer<PaymentTransfer>
    {
        public bool Equals(PaymentTransfer? x, PaymentTransfer? y) =>
            x is not null && y is not null && x with { PayoutIds = [] } == y with { PayoutIds = [] } && x.PayoutIds.SequenceEqual(y.PayoutIds);

        public int GetHashCode(PaymentTransfer obj) => obj.EndToEndId.GetHashCode(StringComparison.Ordinal);
    }
}
