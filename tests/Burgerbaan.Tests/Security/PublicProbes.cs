using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using static Burgerbaan.Tests.Security.MatrixProbes;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The probes of issue 9's rows: applications, the Q&amp;A, opportunities and the figures. Writes act on a target of their
/// own, made through the API by the admin key.
/// </summary>
public static class PublicProbes
{
    /// <summary>The probe for <paramref name="endpoint"/>, or null when it is not one of these rows.</summary>
    public static async Task<Probe?> For(SecurityWorld w, string endpoint, string marker)
    {
        switch (endpoint)
        {
            case "POST /v1/applications":
                return new(HttpMethod.Post, "/v1/applications", new CreateApplicationRequest(marker, "Probe", true, Email: "probe@example.org"),
                    () => Exists(w, "SELECT COUNT(*) FROM applications WHERE first_name = @marker", marker));
            case "GET /v1/applications":
                return new(HttpMethod.Get, "/v1/applications");
            case "GET /v1/applications/{id}":
                return new(HttpMethod.Get, $"/v1/applications/{await Application(w, marker)}");
            case "POST /v1/applications/{id}/contacted":
                var toContact = await Application(w, marker);
                return new(HttpMethod.Post, $"/v1/applications/{toContact}/contacted", new ContactApplicationRequest("Gebeld"),
                    () => Exists(w, "SELECT COUNT(*) FROM applications WHERE id = @id AND status = 'contacted'", toContact));
            case "POST /v1/applications/{id}/accept":
                var toAccept = await Application(w, marker);
                return new(HttpMethod.Post, $"/v1/applications/{toAccept}/accept", new AcceptApplicationRequest(),
                    () => Exists(w, "SELECT COUNT(*) FROM applications WHERE id = @id AND status = 'accepted'", toAccept));
            case "POST /v1/applications/{id}/decline":
                var toDecline = await Application(w, marker);
                return new(HttpMethod.Post, $"/v1/applications/{toDecline}/decline", new DeclineApplicationRequest("Geen plek"),
                    () => Exists(w, "SELECT COUNT(*) FROM applications WHERE id = @id AND status = 'declined'", toDecline));
            case "POST /v1/applications/{id}/withdraw":
                var toWithdraw = await Application(w, marker);
                return new(HttpMethod.Post, $"/v1/applications/{toWithdraw}/withdraw", null,
                    () => Exists(w, "SELECT COUNT(*) FROM applications WHERE id = @id AND status = 'withdrawn'", toWithdraw));

            case "GET /v1/faq":
                return new(HttpMethod.Get, "/v1/faq");
            case "POST /v1/faq":
                return new(HttpMethod.Post, "/v1/faq", new FaqEntryRequest(marker, "Nee.", "Algemeen", 1),
                    () => Exists(w, "SELECT COUNT(*) FROM faq_entries WHERE question = @marker", marker));
            case "GET /v1/faq/{id}":
                return new(HttpMethod.Get, $"/v1/faq/{await FaqEntry(w, marker)}");
            case "PUT /v1/faq/{id}":
                var toReplace = await FaqEntry(w, marker);
                return new(HttpMethod.Put, $"/v1/faq/{toReplace}", new FaqEntryRequest(marker + "?", "Ja.", "Algemeen", 2),
                    () => Exists(w, "SELECT COUNT(*) FROM faq_entries WHERE question = @marker", marker + "?"));
            case "DELETE /v1/faq/{id}":
                var toDelete = await FaqEntry(w, marker);
                return new(HttpMethod.Delete, $"/v1/faq/{toDelete}", null,
                    async () => !await Exists(w, "SELECT COUNT(*) FROM faq_entries WHERE id = @id", toDelete));

            case "GET /v1/opportunities":
                return new(HttpMethod.Get, "/v1/opportunities");
            case "POST /v1/opportunities":
                // The partner's own organisation; for the other partner it is as unknown as a missing one.
                return new(HttpMethod.Post, "/v1/opportunities", new CreateOpportunityRequest(marker, "Koffie schenken", w.Own.Id),
                    () => Exists(w, "SELECT COUNT(*) FROM opportunities WHERE title = @marker", marker), "organisationId");
            case "GET /v1/opportunities/{id}":
                return new(HttpMethod.Get, $"/v1/opportunities/{await Opportunity(w, marker)}");
            case "PATCH /v1/opportunities/{id}":
                var toChange = await Opportunity(w, marker);
                return new(HttpMethod.Patch, $"/v1/opportunities/{toChange}", new UpdateOpportunityRequest(PlacesWanted: 7),
                    () => Exists(w, "SELECT COUNT(*) FROM opportunities WHERE id = @id AND places_wanted = 7", toChange));

            case "GET /v1/stats":
                return new(HttpMethod.Get, "/v1/stats");

            case "GET /v1/applications/{id}/matches":
                return new(HttpMethod.Get, $"/v1/applications/{await Application(w, marker)}/matches");
            case "GET /v1/volunteers/{id}/matches":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/matches");
            case "GET /v1/volunteers/{id}/wishes":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/wishes");
            case "PUT /v1/volunteers/{id}/wishes":
                // A volunteer of its own: a first record needs no If-Match, so each allowed key's probe writes one.
                var wisher = await w.Volunteer(marker, "Wensen");
                return new(HttpMethod.Put, $"/v1/volunteers/{wisher.Id}/wishes", new PutVolunteerWishesRequest(["koken"], "Haven", 8),
                    () => Exists(w, "SELECT COUNT(*) FROM volunteer_wishes WHERE volunteer_id = @id AND neighbourhood = 'Haven'", wisher.Id));
            default:
                return null;
        }
    }

    /// <summary>A new application with a name of its own (accepting it makes a volunteer no one else resembles).</summary>
    private static async Task<long> Application(SecurityWorld w, string marker) =>
        (await (await w.Admin().PostJson("/v1/applications",
                new CreateApplicationRequest(marker, "Aanvrager", true, Phone: "0612345678", DateOfBirth: new LocalDate(1980, 5, 1))))
            .Read<ApplicationReceipt>(HttpStatusCode.Created)).Id;

    private static async Task<long> FaqEntry(SecurityWorld w, string marker) =>
        (await (await w.Admin().PostJson("/v1/faq", new FaqEntryRequest(marker, "Nee.", "Algemeen", 1)))
            .Read<FaqEntryResponse>(HttpStatusCode.Created)).Id;

    private static async Task<long> Opportunity(SecurityWorld w, string marker) =>
        (await (await w.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest(marker, "Koffie schenken", w.Own.Id)))
            .Read<OpportunityResponse>(HttpStatusCode.Created)).Id;
}
