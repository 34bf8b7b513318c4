using System.Text.Json.Nodes;

namespace Burgerbaan.Api.Sponsors;

/// <summary>The named response examples of the sponsor operations (read by the document's examples filter).</summary>
internal static class SponsorExamples
{
    private const string Trace = "0af7651916cd43dd8448eb211c80319c";

    public static readonly Dictionary<string, Dictionary<string, (string Summary, string Json)>> ByOperation = new(StringComparer.Ordinal)
    {
        ["CreateSponsor:201"] = new()
        {
            ["created"] = ("A company sponsoring places", """{"id":4,"name":"Bouwbedrijf Almere BV","kind":"company","kvkNumber":"39012345","contact":{"name":"Sanne de Vries","email":"sroi@bouwbedrijf-almere.nl","phone":null},"active":true,"createdAt":"2025-03-14T09:30:00Z","updatedAt":"2025-03-14T09:30:00Z"}"""),
        },
        ["CreateSponsor:409"] = new() { ["possible_duplicate"] = ("The KvK number is registered already", Duplicate) },
        ["UpdateSponsor:409"] = new() { ["possible_duplicate"] = ("The KvK number is registered already", Duplicate) },
        ["CreateSponsorship:201"] = new()
        {
            ["committed"] = ("Ten places for two years", """{"id":9,"sponsorId":4,"obligationId":2,"startDate":"2025-01-01","endDate":"2026-12-31","places":10,"allowancePerPlaceCents":210000,"overheadPerPlaceCents":40000,"status":"committed","amountDueCents":5000000,"allowanceBudgetCents":4200000,"drawnCents":0,"createdAt":"2025-03-14T09:30:00Z","updatedAt":"2025-03-14T09:30:00Z"}"""),
        },
        ["CreateSponsorship:422"] = new() { ["sponsor_inactive"] = ("The sponsor is deactivated", SponsorInactive) },
        ["UpdateSponsorship:409"] = new()
        {
            ["conflict"] = ("Cancelling while payouts draw on it", Problem(409, "conflict", "Conflict", "Payouts that are not cancelled or rejected draw on this sponsorship; cancel or reject them first.", ("payoutIds", new JsonArray(42, 43)))),
        },
        ["CreateAllocation:201"] = new()
        {
            ["allocated"] = ("A place given with consent", """{"id":31,"sponsorshipId":9,"volunteerId":7,"startDate":"2025-04-01","endDate":"2026-12-31","consent":{"givenAt":"2025-03-12T14:00:00Z","channel":"in_person","note":"Intake gesprek","nameInReports":false,"recordedByKeyId":3,"revokedAt":null,"revokedByKeyId":null},"endedAt":null,"createdAt":"2025-03-14T09:30:00Z","updatedAt":"2025-03-14T09:30:00Z"}"""),
        },
        ["CreateAllocation:409"] = new()
        {
            ["sponsorship_full"] = ("Every place is taken on a day of the range", Problem(409, "sponsorship_full", "Sponsorship full", "All 10 place(s) of sponsorship 9 are allocated on a day of 2025-04-01..2026-12-31.", ("places", 10))),
            ["conflict"] = ("The volunteer holds a place on a day of the range", Problem(409, "conflict", "Conflict", "Volunteer 7 already has allocation 31 on a day of this range; a volunteer holds one place a day.", ("allocationIds", new JsonArray(31)))),
        },
        ["CreateAllocation:422"] = new()
        {
            ["sponsor_inactive"] = ("The sponsor is deactivated", SponsorInactive),
            ["volunteer_inactive"] = ("The volunteer is deactivated", Problem(422, "volunteer_inactive", "Volunteer inactive", "Volunteer 7 is deactivated; no place is given until a coordinator reactivates them.")),
        },
        ["CreateAllocation:400"] = new()
        {
            ["validation_failed"] = ("Consent in the future and a range outside the sponsorship", Problem(400, "validation_failed", "Validation failed", "One or more fields are invalid; see errors.",
                ("errors", new JsonObject { ["consent.givenAt"] = new JsonArray("Consent cannot be given in the future."), ["endDate"] = new JsonArray("The allocation must lie within the sponsorship's period 2025-01-01..2026-12-31.") }))),
        },
        ["EndAllocation:409"] = new()
        {
            ["conflict"] = ("A later end date", Problem(409, "conflict", "Conflict", "An allocation only ends earlier: its last day is 2026-12-31. Give a new allocation (with consent) to continue it.")),
        },
        ["RevokeSponsorConsent:409"] = new()
        {
            ["conflict"] = ("Revoked already", Problem(409, "conflict", "Conflict", "This consent was already revoked at 2025-03-14T09:30:00Z.")),
        },
    };

    // Properties, not fields: ByOperation above is initialised first and reads them.
    private static string Duplicate => Problem(409, "possible_duplicate", "Possible duplicate", "Sponsor 3 already has KvK number 39012345.",
        ("existingIds", new JsonArray(3)), ("matchedOn", new JsonObject { ["kvkNumber"] = new JsonArray(3) }));

    private static string SponsorInactive => Problem(422, "sponsor_inactive", "Sponsor inactive",
        "Sponsor 4 is deactivated; new sponsorships for it are refused until it is reactivated.");

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
