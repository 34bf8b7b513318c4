using System.Text.Json.Nodes;

namespace Burgerbaan.Api.Payouts;

/// <summary>The named response examples of the payout transitions (issue 10; read by the document's examples filter).</summary>
internal static class PayoutExamples
{
    private const string Approved = """{"id":42,"volunteerId":7,"agreementId":3,"kind":"allowance","amountCents":8900,"period":"2025-03","status":"approved","description":"March hours","receiptReference":null,"createdAt":"2025-04-02T08:15:00Z","updatedAt":"2025-04-03T10:00:00Z","payoutRunId":null,"sponsorshipId":5,"payeeName":"Anna de Jong","payeeIban":"NL91ABNA0417164300"}""";

    private const string PayeeIbanMissing = """{"type":"urn:burgerbaan:problem:payee_iban_missing","title":"Payee IBAN missing","status":422,"detail":"Volunteer 7 has no valid IBAN, so payout 42 cannot be approved for a transfer; a coordinator records it first (PATCH /v1/volunteers/7).","code":"payee_iban_missing","volunteerId":7,"traceId":"0af7651916cd43dd8448eb211c80319c"}""";

    private const string IllegalMove = """{"type":"urn:burgerbaan:problem:conflict","title":"Conflict","status":409,"detail":"A paid payout cannot become approved.","code":"conflict","traceId":"0af7651916cd43dd8448eb211c80319c"}""";

    private const string FourEyes = """{"type":"urn:burgerbaan:problem:four_eyes_required","title":"Four eyes required","status":409,"detail":"Payout 42 was created by this key (or by a payout run it started); another key must approve it.","code":"four_eyes_required","traceId":"0af7651916cd43dd8448eb211c80319c"}""";

    private const string KeyReused = """{"type":"urn:burgerbaan:problem:idempotency_key_reused","title":"Idempotency key reused","status":422,"detail":"This Idempotency-Key was already used with a different request; use a new key for a new request.","code":"idempotency_key_reused","traceId":"0af7651916cd43dd8448eb211c80319c"}""";

    private static string BulkProblem(int status, string code, string title, string target, int sent, params (long Id, string Code, string Detail)[] failures) =>
        new JsonObject
        {
            ["type"] = "urn:burgerbaan:problem:" + code,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = $"{failures.Length} of {sent} payouts cannot become {target}, so none did; see failures.",
            ["code"] = code,
            ["failures"] = new JsonArray(failures.Select(f => (JsonNode)new JsonObject { ["id"] = f.Id, ["code"] = f.Code, ["detail"] = f.Detail }).ToArray()),
            ["traceId"] = "0af7651916cd43dd8448eb211c80319c",
        }.ToJsonString();

    /// <summary>
    /// Built on each read (the document is generated rarely), not held in a static field: a field is filled once per
    /// process, so a fault planted in <see cref="BulkProblem"/> by a mutation run could never reach the document the
    /// contract test compares (15 such mutants lived though that test fails on each of them).
    /// </summary>
    public static Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation => new(StringComparer.Ordinal)
    {
        ["ApprovePayout:200"] = new() { ["approved"] = ("Approved, with the payee fixed as the volunteer's record was then", Approved) },
        ["ApprovePayout:409"] = new()
        {
            ["four_eyes_required"] = ("The approving key created the payout", FourEyes),
            ["conflict"] = ("Not a pending payout", IllegalMove),
        },
        ["ApprovePayouts:200"] = new() { ["approved"] = ("Every payout approved, by id", "{\"items\":[" + Approved + "]}") },
        ["ApprovePayouts:409"] = new()
        {
            ["four_eyes_required"] = ("Every failing payout was created by the approving key", BulkProblem(409, "four_eyes_required", "Four eyes required", "approved", 2,
                (42, "four_eyes_required", "Payout 42 was created by this key (or by a payout run it started); another key must approve it."))),
            ["payout_bulk_refused"] = ("Payouts failing for different reasons", BulkProblem(409, "payout_bulk_refused", "Bulk action refused", "approved", 3,
                (42, "four_eyes_required", "Payout 42 was created by this key (or by a payout run it started); another key must approve it."),
                (43, "conflict", "A paid payout cannot become approved."))),
        },
        ["ApprovePayouts:404"] = new() { ["not_found"] = ("An id that is no payout", BulkProblem(404, "not_found", "Not found", "approved", 2, (99, "not_found", "No payout 99."))) },
        ["ApprovePayouts:422"] = new()
        {
            ["payee_iban_missing"] = ("A volunteer has no valid IBAN", BulkProblem(422, "payee_iban_missing", "Payee IBAN missing", "approved", 2,
                (42, "payee_iban_missing", "Volunteer 7 has no valid IBAN, so payout 42 cannot be approved for a transfer; a coordinator records it first (PATCH /v1/volunteers/7)."))),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", KeyReused),
        },
        ["CancelPayouts:422"] = new() { ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", KeyReused) },
        ["RejectPayouts:422"] = new() { ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", KeyReused) },
        ["CancelPayouts:409"] = new() { ["conflict"] = ("A paid payout among them", BulkProblem(409, "conflict", "Conflict", "cancelled", 2, (43, "conflict", "A paid payout cannot become cancelled."))) },
        ["RejectPayouts:409"] = new() { ["conflict"] = ("A paid payout among them", BulkProblem(409, "conflict", "Conflict", "rejected", 2, (43, "conflict", "A paid payout cannot become rejected."))) },
        ["ApprovePayout:422"] = new() { ["payee_iban_missing"] = ("The volunteer has no valid IBAN", PayeeIbanMissing) },
    };
}
