namespace Burgerbaan.Api.Payouts;

/// <summary>The named response examples of the payout transitions (issue 10; read by the document's examples filter).</summary>
internal static class PayoutExamples
{
    private const string Approved = """{"id":42,"volunteerId":7,"agreementId":3,"kind":"allowance","amountCents":8900,"period":"2025-03","status":"approved","description":"March hours","receiptReference":null,"createdAt":"2025-04-02T08:15:00Z","updatedAt":"2025-04-03T10:00:00Z","payoutRunId":null,"sponsorshipId":5,"payeeName":"Anna de Jong","payeeIban":"NL91ABNA0417164300"}""";

    private const string PayeeIbanMissing = """{"type":"urn:burgerbaan:problem:payee_iban_missing","title":"Payee IBAN missing","status":422,"detail":"Volunteer 7 has no valid IBAN, so payout 42 cannot be approved for a transfer; a coordinator records it first (PATCH /v1/volunteers/7).","code":"payee_iban_missing","volunteerId":7,"traceId":"0HNQ9IJTPBTI4:00000001"}""";

    private const string IllegalMove = """{"type":"urn:burgerbaan:problem:conflict","title":"Conflict","status":409,"detail":"A paid payout cannot become approved.","code":"conflict","traceId":"0HNQ9IJTPBTI4:00000001"}""";

    public static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation = new(StringComparer.Ordinal)
    {
        ["ApprovePayout:200"] = new() { ["approved"] = ("Approved, with the payee fixed as the volunteer's record was then", Approved) },
        ["ApprovePayout:409"] = new() { ["conflict"] = ("Not a pending payout", IllegalMove) },
        ["ApprovePayout:422"] = new() { ["payee_iban_missing"] = ("The volunteer has no valid IBAN", PayeeIbanMissing) },
    };
}
