using System.Net;
using System.Text.Json.Nodes;

namespace Burgerbaan.Tests.Security;

/// <summary>The endpoints that take a body, with a body each accepts and its fields.</summary>
public static partial class BadBodyCases
{
    public static readonly BodyEndpoint[] Endpoints =
    [
        new("POST", "/v1/api-keys", "SELECT COUNT(*) FROM api_keys",
            _ => new() { ["name"] = "Bad input desk", ["role"] = "website" },
            new("name", Kind.Name, true), new("role", Kind.Enum, true), new("organisationId", Kind.Id)),
        new("POST", "/v1/organisations", "SELECT COUNT(*) FROM organisations",
            _ => new() { ["name"] = "Stichting Proef", ["kind"] = "nonprofit", ["kvkNumber"] = "12345678", ["email"] = "info@proef.nl" },
            new("name", Kind.Name, true), new("kind", Kind.Enum, true), new("kvkNumber", Kind.Text), new("email", Kind.Text)),
        new("PATCH", "/v1/organisations/{organisation}", "SELECT version FROM organisations WHERE id = {organisation}",
            w => new() { ["name"] = w.Own.Name },
            new("name", Kind.Name), new("kind", Kind.Enum), new("kvkNumber", Kind.Text), new("email", Kind.Text), new("active", Kind.Bool)),
        new("POST", "/v1/volunteers", "SELECT COUNT(*) FROM volunteers",
            _ => new() { ["firstName"] = "Bram", ["lastName"] = "Visser", ["dateOfBirth"] = "1985-06-15", ["email"] = "bram@example.org", ["phone"] = "0611111111", ["iban"] = "NL91 ABNA 0417 1643 00" },
            new("firstName", Kind.Name, true), new("lastName", Kind.Name, true), new("dateOfBirth", Kind.Date, true),
            new("email", Kind.Text), new("phone", Kind.Text), new("iban", Kind.Text))
        {
            Extras =
            [
                ("confirmDistinctFrom not a list", v => Set(v, ("confirmDistinctFrom", "\"7\"")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom an unknown id", v => Set(v, ("confirmDistinctFrom", "[987654321]")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom -1", v => Set(v, ("confirmDistinctFrom", "[-1]")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom 21 ids", v => Set(v, ("confirmDistinctFrom", "[" + string.Join(",", Enumerable.Range(1, 21)) + "]")),
                    HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
            ],
        },
        new("PATCH", "/v1/volunteers/{volunteer}", "SELECT version FROM volunteers WHERE id = {volunteer}",
            w => new() { ["firstName"] = w.Volunteer.FirstName, ["phone"] = "0622222222" },
            new("firstName", Kind.Name), new("lastName", Kind.Name), new("dateOfBirth", Kind.Date),
            new("email", Kind.Text), new("phone", Kind.Text), new("iban", Kind.Text), new("active", Kind.Bool))
        {
            Extras =
            [
                ("confirmDistinctFrom not a list", v => Set(v, ("confirmDistinctFrom", "\"7\"")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom an unknown id", v => Set(v, ("confirmDistinctFrom", "[987654321]")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom -1", v => Set(v, ("confirmDistinctFrom", "[-1]")), HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
                ("confirmDistinctFrom 21 ids", v => Set(v, ("confirmDistinctFrom", "[" + string.Join(",", Enumerable.Range(1, 21)) + "]")),
                    HttpStatusCode.BadRequest, "validation_failed", "confirmDistinctFrom"),
            ],
        },
        new("POST", "/v1/volunteers/{volunteer}/agreements", "SELECT COUNT(*) FROM agreements",
            _ => new() { ["startDate"] = "2027-01-01", ["endDate"] = "2027-12-31", ["hourlyRateCents"] = 500, ["annualBudgetCents"] = 100_000 },
            new("startDate", Kind.Date, true), new("endDate", Kind.Date, true), new("hourlyRateCents", Kind.Positive), new("annualBudgetCents", Kind.Positive)),
        new("POST", "/v1/volunteers/{volunteer}/agreements/{agreement}/extend", "SELECT version FROM agreements WHERE id = {agreement}",
            _ => new() { ["months"] = 1 },
            new Field("months", Kind.Positive, true)),
        new("POST", "/v1/placements", "SELECT COUNT(*) FROM placements",
            w => new() { ["volunteerId"] = w.Volunteer.Id, ["organisationId"] = w.Own.Id, ["startDate"] = "2025-04-01", ["activity"] = "Tuinonderhoud", ["endDate"] = "2025-09-30", ["hoursPerWeek"] = 6 },
            new("volunteerId", Kind.Id, true), new("organisationId", Kind.Id, true), new("startDate", Kind.Date, true),
            new("activity", Kind.Name, true), new("endDate", Kind.Date), new("hoursPerWeek", Kind.Positive)),
        new("PATCH", "/v1/placements/{placement}", "SELECT version FROM placements WHERE id = {placement}",
            w => new() { ["startDate"] = w.Placement.StartDate.ToString("yyyy-MM-dd", null), ["hoursPerWeek"] = 8 },
            new("startDate", Kind.Date), new("endDate", Kind.Date), new("activity", Kind.Name), new("hoursPerWeek", Kind.Positive)),
        new("POST", "/v1/payouts", "SELECT COUNT(*) FROM payouts",
            w => new() { ["volunteerId"] = w.Volunteer.Id, ["kind"] = "allowance", ["amountCents"] = 1, ["period"] = "2025-03", ["description"] = "Bad input desk" },
            new("volunteerId", Kind.Id, true), new("kind", Kind.Enum, true), new("amountCents", Kind.Positive, true), new("period", Kind.Month, true),
            new("description", Kind.Text), new("receiptReference", Kind.Text), new("hourEntryIds", Kind.Ids))
        {
            Extras =
            [
                ("an expense without receiptReference", v => Set(v, ("kind", "\"expense\"")), HttpStatusCode.BadRequest, "validation_failed", "receiptReference"),
                ("an unknown hour entry", v => Set(v, ("hourEntryIds", "[987654321]")), HttpStatusCode.BadRequest, "validation_failed", "hourEntryIds"),
                ("hourEntryIds -1", v => Set(v, ("hourEntryIds", "[-1]")), HttpStatusCode.BadRequest, "validation_failed", "hourEntryIds"),
                ("hours with kind travel", v => Set(v, ("kind", "\"travel\""), ("hourEntryIds", "[1]")), HttpStatusCode.BadRequest, "validation_failed", "hourEntryIds"),
            ],
        },
        new("PUT", "/v1/allowance-limits/2098", "SELECT COUNT(*) FROM audit_log WHERE entity = 'allowance_limits'",
            _ => new() { ["annualCents"] = 300_000, ["monthlyCents"] = 30_000, ["hourlyCents"] = 600, ["hourlyUnder21Cents"] = 350 },
            new("annualCents", Kind.Positive, true), new("monthlyCents", Kind.Positive, true), new("hourlyCents", Kind.Positive, true),
            new("hourlyUnder21Cents", Kind.Positive, true))
        {
            Extras =
            [
                ("monthly above annual", v => Set(v, ("monthlyCents", "300001")), HttpStatusCode.BadRequest, "validation_failed", "monthlyCents"),
                ("under-21 rate above the 21+ rate", v => Set(v, ("hourlyUnder21Cents", "601")), HttpStatusCode.BadRequest, "validation_failed", "hourlyUnder21Cents"),
                ("a year in the body unlike the path", v => Set(v, ("year", "2097")), HttpStatusCode.BadRequest, "validation_failed", "year"),
            ],
        },
        Transition("approve", "payoutToApprove"),
        Transition("mark-paid", "payoutToPay"),
        Transition("cancel", "payoutToCancel"),
        Transition("reject", "payoutToReject"),
        new("POST", "/v1/hours", "SELECT COUNT(*) + COALESCE(SUM(version), 0) FROM hour_entries",
            w => new()
            {
                ["entries"] = new JsonArray(
                    new JsonObject { ["externalId"] = "bad-input-0", ["placementId"] = w.Placement.Id, ["date"] = "2025-03-11", ["minutes"] = 30, ["description"] = "Koffie" },
                    new JsonObject { ["externalId"] = "bad-input-1", ["placementId"] = w.Placement.Id, ["date"] = "2025-03-12", ["minutes"] = 45, ["description"] = "Tuin" }),
            },
            new Field("entries", Kind.List, true,
                new("externalId", Kind.Key, true), new("placementId", Kind.Id, true), new("date", Kind.Date, true),
                new("minutes", Kind.Positive, true), new("description", Kind.Text)))
        {
            Extras =
            [
                ("1,001 entries", v => Set(v, ("entries", new JsonArray(Enumerable.Range(0, 1001).Select(_ => v["entries"]![0]!.DeepClone()).ToArray()).ToJsonString())),
                    HttpStatusCode.BadRequest, "validation_failed", "entries"),
                ("the same externalId twice", v => WithElement(v, "entries", e => { e["externalId"] = "bad-input-0"; return e; }),
                    HttpStatusCode.BadRequest, "validation_failed", "entries[1].externalId"),
                ("a date the placement does not cover", v => WithElement(v, "entries", e => { e["date"] = "2024-12-31"; return e; }),
                    HttpStatusCode.BadRequest, "validation_failed", "entries[1].date"),
                ("minutes over a day", v => WithElement(v, "entries", e => { e["minutes"] = 1441; return e; }),
                    HttpStatusCode.BadRequest, "validation_failed", "entries[1].minutes"),
                ("a description of 501 characters", v => WithElement(v, "entries", e => { e["description"] = new string('d', 501); return e; }),
                    HttpStatusCode.BadRequest, "validation_failed", "entries[1].description"),
            ],
        },
        new("POST", "/v1/hours/{hourToReject}/reject", "SELECT version FROM hour_entries WHERE id = {hourToReject}",
            _ => new() { ["reason"] = "Dubbel ingevoerd" },
            new Field("reason", Kind.Name, true)),
        new("POST", "/v1/hours/approve", "SELECT COALESCE(SUM(version), 0) FROM hour_entries",
            w => new() { ["ids"] = new JsonArray(w["hourToApprove"]) },
            new Field("ids", Kind.Ids, true))
        {
            Extras =
            [
                ("an unknown id", v => Set(v, ("ids", "[987654321]")), HttpStatusCode.NotFound, "not_found", null),
                ("-1", v => Set(v, ("ids", "[-1]")), HttpStatusCode.NotFound, "not_found", null),
            ],
        },
        new("POST", "/v1/volunteers/{volunteer}/outside-allowances", "SELECT COUNT(*) FROM outside_allowances",
            _ => new() { ["period"] = "2025-09", ["amountCents"] = 1, ["organisationName"] = "Sportclub Almere", ["kind"] = "gift", ["evidence"] = "Brief" },
            new("period", Kind.Month, true), new("amountCents", Kind.Positive, true), new("organisationName", Kind.Name, true), new("kind", Kind.Enum, true),
            new("evidence", Kind.Text))
        {
            Extras =
            [
                ("kind expense", v => Set(v, ("kind", "\"expense\"")), HttpStatusCode.BadRequest, "validation_failed", "kind"),
                ("amountCents over 100,000,000", v => Set(v, ("amountCents", "100000001")), HttpStatusCode.BadRequest, "validation_failed", "amountCents"),
            ],
        },
        new("POST", "/v1/payout-runs", "SELECT COUNT(*) FROM payout_runs",
            _ => new() { ["period"] = "2025-02" },
            new Field("period", Kind.Month, true)),
        // Issue 10: bulk payout actions (a target of their own each: the same ids again answer 200, already done).
        Bulk("approve", "payoutToBulkApprove"),
        Bulk("cancel", "payoutToBulkCancel"),
        Bulk("reject", "payoutToBulkReject"),

        // Self-service: the seeded volunteer's own key changes its e-mail and phone, and nothing else.
        new("PATCH", "/v1/me", "SELECT version FROM volunteers WHERE id = {volunteer}",
            _ => new() { ["email"] = "zelf@example.org", ["phone"] = "0633333333" },
            new("email", Kind.Text), new("phone", Kind.Text))
        {
            As = w => w.VolunteerClient(),
            Extras =
            [
                ("an IBAN", v => Set(v, ("iban", "\"NL91ABNA0417164300\"")), HttpStatusCode.BadRequest, "validation_failed", "iban"),
                ("a name", v => Set(v, ("lastName", "\"Anders\"")), HttpStatusCode.BadRequest, "validation_failed", "lastName"),
                ("not an e-mail address", v => Set(v, ("email", "\"zelf at example\"")), HttpStatusCode.BadRequest, "validation_failed", "email"),
            ],
        },
        // Sponsors and SROI (issue 8); nested objects (contact, consent) are covered by the extras.
        new("POST", "/v1/sponsors", "SELECT COUNT(*) FROM sponsors",
            _ => new() { ["name"] = "Fonds Proef", ["kind"] = "fund", ["contact"] = new JsonObject { ["name"] = "Jan de Boer" } },
            new("name", Kind.Name, true), new("kind", Kind.Enum, true), new("kvkNumber", Kind.Text))
        {
            Extras =
            [
                ("contact missing", v => Without(v, "contact"), HttpStatusCode.BadRequest, "validation_failed", "contact"),
                ("contact.name blank", v => Set(v, ("contact", """{"name":"  "}""")), HttpStatusCode.BadRequest, "validation_failed", "contact.name"),
                ("contact.email not an address", v => Set(v, ("contact", """{"name":"Jan","email":"geen adres"}""")), HttpStatusCode.BadRequest, "validation_failed", "contact.email"),
                ("contact unknown field", v => Set(v, ("contact", """{"name":"Jan","fax":"1"}""")), HttpStatusCode.BadRequest, "validation_failed", "contact.fax"),
            ],
        },
        new("PATCH", "/v1/sponsors/{sponsor}", "SELECT version FROM sponsors WHERE id = {sponsor}",
            w => new() { ["name"] = w.Sponsor.Name },
            new("name", Kind.Name), new("kind", Kind.Enum), new("kvkNumber", Kind.Text), new("active", Kind.Bool)),
        new("POST", "/v1/sponsors/{sponsor}/obligations", "SELECT COUNT(*) FROM sroi_obligations",
            _ => new() { ["tenderReference"] = "ALM-2025-099", ["contractingAuthority"] = "Gemeente Almere", ["obligationCents"] = 1_000_000,
                ["startDate"] = "2025-01-01", ["endDate"] = "2025-12-31", ["valuePerPlaceYearCents"] = 500_000 },
            new("tenderReference", Kind.Name, true), new("contractingAuthority", Kind.Name, true), new("startDate", Kind.Date, true),
            new("endDate", Kind.Date, true), new("valuePerPlaceYearCents", Kind.Positive))
        {
            Extras =
            [
                ("obligationCents 0", v => Set(v, ("obligationCents", "0")), HttpStatusCode.BadRequest, "validation_failed", "obligationCents"),
                ("obligationCents -1", v => Set(v, ("obligationCents", "-1")), HttpStatusCode.BadRequest, "validation_failed", "obligationCents"),
                ("end before start", v => Set(v, ("endDate", "\"2024-12-31\"")), HttpStatusCode.BadRequest, "validation_failed", "endDate"),
            ],
        },
        new("PATCH", "/v1/sponsors/{sponsor}/obligations/{obligation}", "SELECT version FROM sroi_obligations WHERE id = {obligation}",
            _ => new() { ["tenderReference"] = "ALM-2025-017" },
            new("tenderReference", Kind.Name), new("contractingAuthority", Kind.Name), new("startDate", Kind.Date), new("endDate", Kind.Date),
            new("valuePerPlaceYearCents", Kind.Positive)),
        new("POST", "/v1/sponsorships", "SELECT COUNT(*) FROM sponsorships",
            w => new() { ["sponsorId"] = w.Sponsor.Id, ["startDate"] = "2025-01-01", ["endDate"] = "2025-12-31", ["places"] = 2 },
            new("sponsorId", Kind.Id, true), new("startDate", Kind.Date, true), new("endDate", Kind.Date, true), new("places", Kind.Positive, true),
            new("obligationId", Kind.Id))
        {
            Extras =
            [
                ("end before start", v => Set(v, ("endDate", "\"2024-12-31\"")), HttpStatusCode.BadRequest, "validation_failed", "endDate"),
                ("places 10,001", v => Set(v, ("places", "10001")), HttpStatusCode.BadRequest, "validation_failed", "places"),
                ("allowancePerPlaceCents -1", v => Set(v, ("allowancePerPlaceCents", "-1")), HttpStatusCode.BadRequest, "validation_failed", "allowancePerPlaceCents"),
                ("overheadPerPlaceCents a string", v => Set(v, ("overheadPerPlaceCents", "\"400\"")), HttpStatusCode.BadRequest, "validation_failed", "overheadPerPlaceCents"),
            ],
        },
        new("PATCH", "/v1/sponsorships/{sponsorship}", "SELECT version FROM sponsorships WHERE id = {sponsorship}",
            _ => new() { ["places"] = 1000 },
            new("places", Kind.Positive), new("startDate", Kind.Date), new("endDate", Kind.Date), new("status", Kind.Enum)),
        new("POST", "/v1/sponsorships/{sponsorship}/allocations", "SELECT COUNT(*) FROM sponsor_allocations",
            w => new()
            {
                ["volunteerId"] = w.Volunteer.Id, ["startDate"] = "2029-01-01", ["endDate"] = "2029-06-30",
                ["consent"] = new JsonObject { ["givenAt"] = "2025-03-01T10:00:00Z", ["channel"] = "in_person" },
            },
            new("volunteerId", Kind.Id, true), new("startDate", Kind.Date, true), new("endDate", Kind.Date, true))
        {
            Extras =
            [
                ("consent missing", v => Without(v, "consent"), HttpStatusCode.BadRequest, "validation_failed", "consent"),
                ("consent.givenAt a date", v => Set(v, ("consent", """{"givenAt":"2025-03-01","channel":"email"}""")), HttpStatusCode.BadRequest, "validation_failed", "consent.givenAt"),
                ("consent.givenAt in the future", v => Set(v, ("consent", """{"givenAt":"2025-03-14T09:00:01Z","channel":"email"}""")), HttpStatusCode.BadRequest, "validation_failed", "consent.givenAt"),
                ("consent.channel unknown", v => Set(v, ("consent", """{"givenAt":"2025-03-01T10:00:00Z","channel":"fax"}""")), HttpStatusCode.BadRequest, "validation_failed", "consent.channel"),
                ("consent.channel in camelCase", v => Set(v, ("consent", """{"givenAt":"2025-03-01T10:00:00Z","channel":"inPerson"}""")), HttpStatusCode.BadRequest, "validation_failed", "consent.channel"),
                ("outside the sponsorship", v => Set(v, ("endDate", "\"2031-01-01\"")), HttpStatusCode.BadRequest, "validation_failed", "endDate"),
            ],
        },
        new("POST", "/v1/sponsorships/{sponsorship}/allocations/{allocation}/end", "SELECT version FROM sponsor_allocations WHERE id = {allocation}",
            _ => new() { ["endDate"] = "2025-01-31" },
            new Field("endDate", Kind.Date, true)),
        // Payment batches (issue 10).
        new("POST", "/v1/payment-batches", "SELECT COUNT(*) FROM payment_batches",
            w => new() { ["requestedExecutionDate"] = "2025-03-18", ["payoutIds"] = new JsonArray(w["payoutToBatch"]) },
            new("requestedExecutionDate", Kind.Date, true), new("payoutIds", Kind.Ids))
        {
            Extras =
            [
                ("an unknown payout", v => Set(v, ("payoutIds", "[987654321]")), HttpStatusCode.BadRequest, "validation_failed", "payoutIds"),
                ("payoutIds -1", v => Set(v, ("payoutIds", "[-1]")), HttpStatusCode.BadRequest, "validation_failed", "payoutIds"),
                ("an execution date in the past", v => Set(v, ("requestedExecutionDate", "\"2025-03-13\"")), HttpStatusCode.BadRequest, "validation_failed", "requestedExecutionDate"),
            ],
        },
        new("POST", "/v1/payment-batches/{batchToPay}/mark-paid", "SELECT version FROM payment_batches WHERE id = {batchToPay}",
            _ => new() { ["paidOn"] = "2025-03-14" },
            new Field("paidOn", Kind.Date, true))
        {
            Extras =
            [
                ("paidOn after today", v => Set(v, ("paidOn", "\"2025-03-15\"")), HttpStatusCode.BadRequest, "validation_failed", "paidOn"),
                ("paidOn before the batch", v => Set(v, ("paidOn", "\"2025-03-13\"")), HttpStatusCode.BadRequest, "validation_failed", "paidOn"),
            ],
        },
        new("POST", "/v1/payment-batches/{batchToVoid}/void", "SELECT version FROM payment_batches WHERE id = {batchToVoid}",
            _ => new() { ["reason"] = "Bad input desk" },
            new Field("reason", Kind.Text))
        {
            OptionalBody = true,
        },
    ];

    /// <summary>A payout transition: its reason is optional, and so is the whole body.</summary>
    private static BodyEndpoint Transition(string action, string payout) =>
        new("POST", $"/v1/payouts/{{{payout}}}/{action}", $"SELECT version FROM payouts WHERE id = {{{payout}}}",
            _ => new() { ["reason"] = "Bad input desk" },
            new Field("reason", Kind.Text))
        {
            OptionalBody = true,
        };

    private static BodyEndpoint Bulk(string action, string payout) =>
        new("POST", $"/v1/payouts/{action}", "SELECT COALESCE(SUM(version), 0) FROM payouts",
            w => new() { ["ids"] = new JsonArray(w[payout]), ["reason"] = "Bad input desk" },
            new Field("ids", Kind.Ids, true), new Field("reason", Kind.Text))
        {
            Extras =
            [
                ("an unknown id", v => Set(v, ("ids", "[987654321]")), HttpStatusCode.NotFound, "not_found", null),
                ("-1", v => Set(v, ("ids", "[-1]")), HttpStatusCode.NotFound, "not_found", null),
                ("the same id twice", v => Set(v, ("ids", "[5,5]")), HttpStatusCode.BadRequest, "validation_failed", "ids"),
            ],
        };

    /// <summary>The valid body with some fields set to raw JSON.</summary>
    private static string Set(JsonObject valid, params (string Field, string Json)[] values)
    {
        var body = valid.DeepClone().AsObject();
        foreach (var (field, json) in values)
        {
            body[field] = JsonNode.Parse(json);
        }
        return body.ToJsonString();
    }
}
