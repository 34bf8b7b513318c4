using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace Burgerbaan.Api.PaymentBatches;

/// <summary>
/// The named examples of the payment batch operations and of the payout transitions a batch holds back, and the pain.001 file's
/// application/xml answer. Runs after the shared examples filter and replaces its examples where it names its own.
/// </summary>
internal sealed class PaymentBatchExamplesFilter : IOperationFilter
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";

    private const string Batch = """{"id":12,"status":"open","requestedExecutionDate":"2025-03-18","messageId":"BB-PB12-20250314090000","transferCount":1,"payoutCount":2,"controlSumCents":42000,"paidOn":null,"createdAt":"2025-03-14T09:00:00Z","updatedAt":"2025-03-14T09:00:00Z","voidedAt":null,"debtor":{"name":"Stadscooperatie Almere","iban":"NL91ABNA0417164300","bic":"ABNANL2A"},"transfers":[{"volunteerId":7,"endToEndId":"BB-B12-V7","amountCents":42000,"creditorName":"Anna de Jong","creditorIban":"NL02ABNA0123456789","remittanceInformation":"Vrijwilligersvergoeding 2025-01, 2025-02","payoutIds":[41,42]}]}""";

    private const string File = """
        <?xml version="1.0" encoding="utf-8"?>
        <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03">
          <CstmrCdtTrfInitn>
            <GrpHdr>
              <MsgId>BB-PB12-20250314090000</MsgId>
              <CreDtTm>2025-03-14T09:00:00Z</CreDtTm>
              <NbOfTxs>1</NbOfTxs>
              <CtrlSum>420.00</CtrlSum>
              <InitgPty><Nm>Stadscooperatie Almere</Nm></InitgPty>
            </GrpHdr>
            <PmtInf>
              <PmtInfId>BB-PB12-20250314090000</PmtInfId>
              <PmtMtd>TRF</PmtMtd>
              <BtchBookg>true</BtchBookg>
              <NbOfTxs>1</NbOfTxs>
              <CtrlSum>420.00</CtrlSum>
              <PmtTpInf><SvcLvl><Cd>SEPA</Cd></SvcLvl></PmtTpInf>
              <ReqdExctnDt>2025-03-18</ReqdExctnDt>
              <Dbtr><Nm>Stadscooperatie Almere</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>NL91ABNA0417164300</IBAN></Id></DbtrAcct>
              <DbtrAgt><FinInstnId><BIC>ABNANL2A</BIC></FinInstnId></DbtrAgt>
              <ChrgBr>SLEV</ChrgBr>
              <CdtTrfTxInf>
                <PmtId><EndToEndId>BB-B12-V7</EndToEndId></PmtId>
                <Amt><InstdAmt Ccy="EUR">420.00</InstdAmt></Amt>
                <Cdtr><Nm>Anna de Jong</Nm></Cdtr>
                <CdtrAcct><Id><IBAN>NL02ABNA0123456789</IBAN></Id></CdtrAcct>
                <RmtInf><Ustrd>Vrijwilligersvergoeding 2025-01, 2025-02</Ustrd></RmtInf>
              </CdtTrfTxInf>
            </PmtInf>
          </CstmrCdtTrfInitn>
        </Document>
        """;

    private static readonly (string Summary, string Json) Held = ("The payout is in an open payment batch", Problem(409, PaymentBatchHold.Code, "Payout in a payment batch",
        "Payout(s) 42 are in open payment batch 12, whose file may be at the bank: they are paid with the batch (POST /v1/payment-batches/{id}/mark-paid), " +
        "or void the batch first to cancel, reject or pay them on their own.", ("payoutIds", new JsonArray(42)), ("paymentBatchIds", new JsonArray(12))));

    private static readonly (string Summary, string Json) IllegalPayoutTransition =
        ("Not a transition the payout's status allows", Problem(409, "conflict", "Conflict", "A paid payout cannot become cancelled."));

    private static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation = new(StringComparer.Ordinal)
    {
        ["CreatePaymentBatch:201"] = new() { ["open"] = ("Two months of one volunteer in one transfer", Batch) },
        ["GetPaymentBatch:200"] = new() { ["open"] = ("An open batch", Batch) },
        ["CreatePaymentBatch:409"] = new()
        {
            ["payout_already_batched"] = ("Another batch holds a payout", Problem(409, PaymentBatchEndpoints.AlreadyBatched, "Payout already in a batch",
                "Payout(s) 42 are already in payment batch(es) that are open or paid; void an open batch to batch them anew.",
                ("payoutIds", new JsonArray(42)), ("paymentBatchIds", new JsonArray(12)))),
            ["conflict"] = ("The same Idempotency-Key is still being processed", Problem(409, "conflict", "Conflict",
                "A request with this Idempotency-Key is still being processed; retry after it completes.")),
        },
        ["CreatePaymentBatch:422"] = new()
        {
            ["payout_not_approved"] = ("A named payout is not approved", Problem(422, PaymentBatchEndpoints.NotApproved, "Payout not approved",
                "Only approved payouts are paid; payout(s) 43 are not approved.", ("payoutIds", new JsonArray(43)))),
            ["payout_payee_missing"] = ("A payout has no payee fixed at approval", Problem(422, PaymentBatchEndpoints.PayeeMissing, "Payee missing",
                "Payout(s) 17 have no payee fixed at approval (approved before payees were fixed), or a name with no character the SEPA character set " +
                "carries; reject them and pay anew, or name the other payouts in payoutIds.", ("payoutIds", new JsonArray(17)))),
            ["payment_batch_empty"] = ("Nothing left to batch", Problem(422, PaymentBatchEndpoints.Empty, "Nothing to batch",
                "No approved payout is left that no open or paid batch holds.")),
            ["debtor_not_configured"] = ("No account to pay from", Problem(422, PaymentBatchEndpoints.DebtorMissing, "Debtor not configured",
                "No account to pay from is configured: set Finance:Debtor:Name, :Iban and :Bic (README, Configuration) and restart the service.")),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", Problem(422, "idempotency_key_reused", "Idempotency key reused",
                "This Idempotency-Key was already used with a different request; use a new key for a new request.")),
        },
        ["GetPaymentBatchFile:409"] = new()
        {
            ["conflict"] = ("A voided batch has no file", Problem(409, "conflict", "Conflict", "Payment batch 12 is voided; its file must not reach the bank.")),
        },
        ["MarkPaymentBatchPaid:409"] = new()
        {
            ["conflict"] = ("Only an open batch", Problem(409, "conflict", "Conflict", "A voided payment batch cannot be marked paid; only an open one can.")),
        },
        ["VoidPaymentBatch:409"] = new()
        {
            ["conflict"] = ("Only an open batch", Problem(409, "conflict", "Conflict", "A paid payment batch cannot be voided; only an open one can.")),
        },
        ["MarkPayoutPaid:409"] = new() { ["payout_in_payment_batch"] = Held, ["conflict"] = IllegalPayoutTransition },
        ["CancelPayout:409"] = new() { ["payout_in_payment_batch"] = Held, ["conflict"] = IllegalPayoutTransition },
        ["RejectPayout:409"] = new() { ["payout_in_payment_batch"] = Held, ["conflict"] = IllegalPayoutTransition },
    };

    private static string Problem(int status, string code, string title, string detail, params (string Name, JsonNode Value)[] extensions)
    {
        var node = new JsonObject { ["type"] = "urn:burgerbaan:problem:" + code, ["title"] = title, ["status"] = status, ["detail"] = detail, ["code"] = code };
        foreach (var (name, value) in extensions)
        {
            node[name] = value;
        }
        node["traceId"] = Trace;
        return node.ToJsonString();
    }

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.OperationId is not { } id || operation.Responses is null)
        {
            return;
        }
        foreach (var (status, response) in operation.Responses)
        {
            if (response.Content is null || !ByOperation.TryGetValue($"{id}:{status}", out var examples))
            {
                continue;
            }
            foreach (var media in response.Content.Values.OfType<OpenApiMediaType>())
            {
                media.Examples = examples.ToDictionary(
                    e => e.Key,
                    e => (IOpenApiExample)new OpenApiExample { Summary = e.Value.Summary, Value = JsonNode.Parse(e.Value.Json) });
            }
        }
        if (id == "GetPaymentBatchFile" && operation.Responses.TryGetValue("200", out var answer) && answer is OpenApiResponse { Content: { } content }
            && content.TryGetValue("application/xml", out var found) && found is OpenApiMediaType xml)
        {
            xml.Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "ISO 20022 pain.001.001.03 (README, \"Payment batches\")." };
            xml.Example = JsonValue.Create(File.Replace("\r\n", "\n", StringComparison.Ordinal));
        }
    }
}
