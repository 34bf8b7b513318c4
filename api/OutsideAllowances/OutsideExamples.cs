using System.Text.Json.Nodes;

namespace Burgerbaan.Api.OutsideAllowances;

/// <summary>The named response examples of the outside allowances and the annual statement (read by the document's examples filter).</summary>
internal static class OutsideExamples
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";

    /// <summary>The refusal of a counted payout for a month that declarations took past a limit (CreatePayout's 422 examples show it too).</summary>
    public static readonly string OverLimitRefusal = Problem(422, "outside_allowance_over_limit", "Payout refused",
        "Allowances declared from other organisations take 2025-03 past the monthly limit of 21000 cents (25000 cents count); the scheme pays nothing more that counts for that month.",
        ("limitCents", 21000), ("headroomCents", 0));

    public static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation = new(StringComparer.Ordinal)
    {
        ["CreateOutsideAllowance:201"] = new()
        {
            ["within"] = ("Fits the month and the year", """{"id":12,"volunteerId":7,"period":"2025-03","amountCents":5000,"organisationName":"Voedselbank Almere","kind":"allowance","evidence":"Brief 2025-03-02","overLimit":false,"createdAt":"2025-03-14T09:30:00Z","removedAt":null}"""),
            ["over_limit"] = ("Recorded, but over the monthly limit: the month's counted payouts are refused from now on", """{"id":13,"volunteerId":7,"period":"2025-03","amountCents":25000,"organisationName":"Stichting Buurtsport","kind":"gift","evidence":null,"overLimit":true,"createdAt":"2025-03-14T09:30:00Z","removedAt":null}"""),
        },
        ["CreateOutsideAllowance:422"] = new()
        {
            ["allowance_limits_missing"] = ("No limits set for the period's year", Problem(422, "allowance_limits_missing", "Allowance limits missing",
                "No allowance limits are set for 2026, so a declaration for it cannot be weighed against them; an admin sets them with PUT /v1/allowance-limits/2026.")),
            ["idempotency_key_reused"] = ("The Idempotency-Key was used for another request", Problem(422, "idempotency_key_reused", "Idempotency key reused",
                "This Idempotency-Key was already used with a different request; use a new key for a new request.")),
        },
        ["GetAnnualStatement:422"] = new()
        {
            ["allowance_limits_missing"] = ("No limits set for the year", Problem(422, "allowance_limits_missing", "Allowance limits missing",
                "No allowance limits are set for 2026; an admin sets them with PUT /v1/allowance-limits/2026.")),
        },
        ["GetAnnualStatement:200"] = new()
        {
            ["over_in_march"] = ("March went over the monthly limit by an allowance from elsewhere (two months shown)", """{"volunteerId":7,"firstName":"Anna","lastName":"de Jong","dateOfBirth":"2004-03-20","year":2025,"limits":{"annualCents":210000,"monthlyCents":21000,"hourlyCents":560,"hourlyUnder21Cents":330,"statutory":true,"source":"Belastingdienst, \"Vrijwilligersvergoedingen\" and \"Vergoeding voor inzet en voor kosten\": the published figures for 2025, fixed in this service."},"effectiveAnnualCapCents":210000,"schemeCents":15000,"outsideCents":10000,"countedCents":25000,"headroomCents":185000,"expenseCents":1250,"allLimitsHeld":false,"conclusion":"In 2025 not every limit held: 2025-03 counted EUR 250.00 against the monthly limit of EUR 210.00. The scheme's own payouts stayed within every limit; the excess comes from allowances declared from other organisations.","months":[{"period":"2025-02","limitCents":21000,"schemeCents":0,"outsideCents":0,"countedCents":0,"headroomCents":21000,"expenseCents":1250,"overLimit":false},{"period":"2025-03","limitCents":21000,"schemeCents":15000,"outsideCents":10000,"countedCents":25000,"headroomCents":0,"expenseCents":0,"overLimit":true}],"outsideAllowances":[{"id":13,"volunteerId":7,"period":"2025-03","amountCents":10000,"organisationName":"Stichting Buurtsport","kind":"gift","evidence":null,"overLimit":true,"createdAt":"2025-03-14T09:30:00Z","removedAt":null}],"generatedAt":"2025-12-31T10:00:00Z"}"""),
        },
    };

    private static string Problem(int status, string code, string title, string detail, params (string Name, JsonNode Value)[] extensions)
    {
        var node = new JsonObject
        {
            ["type"] = "urn:burgerbaan:problem:" + code,
            ["title"] = title,
            ["status"] = status,
            ["detail"] = detail,
            ["code"] = code,
        };
        foreach (var (name, value) in extensions)
        {
            node[name] = value;
        }
        node["traceId"] = Trace;
        return node.ToJsonString();
    }
}
