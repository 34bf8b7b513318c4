using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Burgerbaan.Tests.Website;
using static Burgerbaan.Tests.Privacy.PrivacyWorld;

namespace Burgerbaan.Tests.Privacy;

/// <summary>GET /v1/volunteers/{id}/export holds exactly what the API's own reads show about the person.</summary>
public sealed class VolunteerExportTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static async Task<IReadOnlyList<T>> Items<T>(HttpClient client, string url) =>
        (await (await client.GetAsync(url)).Read<Page<T>>()).Items;

    [Fact]
    public async Task The_export_holds_every_record_about_the_volunteer_as_the_api_shows_it()
    {
        var w = await Create(api);
        var admin = api.Admin();

        var export = await w.Export();

        Assert.Equal(api.Clock.GetCurrentInstant(), export.ExportedAt);
        Assert.Null(export.Pseudonymisation);
        Assert.Equal(await (await admin.GetAsync($"/v1/volunteers/{w.VolunteerId}")).Read<VolunteerResponse>(), export.Volunteer);
        Assert.Equal((w.FirstName, w.LastName, w.Email, NewPhone, w.Iban), (export.Volunteer.FirstName, export.Volunteer.LastName,
            export.Volunteer.Email, export.Volunteer.Phone, export.Volunteer.Iban));
        Assert.Equal(AsJson(await Items<AgreementResponse>(admin, $"/v1/volunteers/{w.VolunteerId}/agreements")), AsJson(export.Agreements));
        Assert.Equal(AsJson(await Items<MyPlacementResponse>(w.Own, "/v1/me/placements")), AsJson(export.Placements));
        Assert.Equal(AsJson(await Items<HourEntryResponse>(admin, $"/v1/hours?volunteerId={w.VolunteerId}")), AsJson(export.Hours));
        Assert.Equal(w.HourIds, export.Hours.Select(h => h.Id));
        Assert.Equal(AsJson(await Items<PayoutResponse>(admin, $"/v1/payouts?volunteerId={w.VolunteerId}")), AsJson(export.Payouts));
        Assert.Equal(w.PayoutIds, export.Payouts.Select(p => p.Id));
        Assert.Equal(AsJson(await Items<AllocationResponse>(admin, $"/v1/sponsorships/{w.SponsorshipId}/allocations")), AsJson(export.SponsorAllocations));
        Assert.Equal(ConsentNote, Assert.Single(export.SponsorAllocations).Consent.Note);
        Assert.Equal(AsJson(new[] { await (await admin.GetAsync($"/v1/applications/{w.ApplicationId}")).Read<ApplicationResponse>() }), AsJson(export.Applications));
        var key = Assert.Single(export.ApiKeys);
        Assert.Equal((w.KeyId, ApiRole.Volunteer, w.VolunteerId, $"{w.FirstName}, mijn burgerbaan", (NodaTime.Instant?)null),
            (key.Id, key.Role, key.VolunteerId, key.Name, key.RevokedAt));
        var listed = await Items<ApiKeyResponse>(admin, "/v1/api-keys?limit=200");
        Assert.Equal(AsJson(listed.Single(k => k.Id == w.KeyId)), AsJson(key));
    }

    [Fact]
    public async Task The_export_holds_the_audit_rows_about_the_volunteer_and_their_records_and_no_others()
    {
        var w = await Create(api);
        var other = await Create(api);
        var admin = api.Admin();
        var about = new List<AuditEntryResponse>();
        foreach (var (entity, ids) in new (string, IEnumerable<long>)[]
        {
            ("volunteer", [w.VolunteerId]), ("agreement", (await w.Export()).Agreements.Select(a => a.Id)), ("placement", [w.PlacementId]),
            ("hour_entry", w.HourIds), ("payout", w.PayoutIds), ("sponsor_allocation", [w.AllocationId]), ("application", [w.ApplicationId]),
            ("api_key", [w.KeyId]), ("volunteer_wishes", [w.VolunteerId]),
        })
        {
            foreach (var id in ids)
            {
                about.AddRange(await admin.Audit(entity, id));
            }
        }

        var export = await w.Export();

        Assert.Equal(AsJson(about.OrderBy(e => e.Id)), AsJson(export.AuditEntries));
        Assert.Equal(
            ["agreement.created", "api_key.created", "application.accepted", "application.created", "hour_entry.approved", "payout.approved",
             "payout.created", "payout.paid", "placement.created", "sponsor_allocation.created", "volunteer.changed", "volunteer.created", "volunteer_wishes.created"],
            export.AuditEntries.Select(e => e.Action).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain(export.AuditEntries, e => (e.Entity, e.EntityId) == ("volunteer", other.VolunteerId));
        Assert.DoesNotContain(other.FirstName, AsJson(export), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_export_of_an_unknown_volunteer_is_a_404()
    {
        var problem = await (await api.Admin().GetAsync("/v1/volunteers/987654/export")).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("No volunteer with that id is visible to this key.", (string?)problem["detail"]);
    }

    [Fact]
    public async Task The_export_takes_no_query_parameters()
    {
        var w = await Create(api);

        var problem = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}/export?format=csv")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["format"], problem.ErrorFields());
    }
}
