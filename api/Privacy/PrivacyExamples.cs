using System.Text.Json.Nodes;

namespace Burgerbaan.Api.Privacy;

/// <summary>The named response examples of the privacy operations (read by the document's examples filter).</summary>
internal static class PrivacyExamples
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";

    public static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation = new(StringComparer.Ordinal)
    {
        ["DeleteVolunteer:200"] = new()
        {
            ["pseudonymised"] = ("Pseudonymised; the fiscal record is kept until the end of 2032", """{"volunteerId":7,"pseudonymisedAt":"2026-03-02T10:15:00Z","retainUntil":"2032-12-31","dateOfBirthKept":"1990-01-01","revokedApiKeyIds":[12],"redactedAuditEntries":3}"""),
        },
        ["DeleteVolunteer:409"] = new()
        {
            ["volunteer_has_open_payouts"] = ("A payout is still pending or approved", Problem(409, Pseudonymisation.OpenPayouts, "Payouts still open",
                "Volunteer 7 has pending or approved payout(s) 42, 43; mark them paid, or cancel or reject them, first.", ("payoutIds", new JsonArray(42, 43)))),
            ["volunteer_pseudonymised"] = ("Pseudonymised before", Problem(409, Pseudonymisation.Pseudonymised, "Volunteer pseudonymised",
                "Volunteer 7 was pseudonymised at 2026-03-02T10:15:00Z; the record changes no more and is erased after 2032-12-31.")),
        },
    };

    /// <summary>A PATCH of a pseudonymised volunteer; UpdateVolunteer's own examples list it.</summary>
    public static string PseudonymisedPatch => Problem(409, Pseudonymisation.Pseudonymised, "Volunteer pseudonymised",
        "Volunteer 7 was pseudonymised at 2026-03-02T10:15:00Z; the record changes no more and is erased after 2032-12-31.");

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
