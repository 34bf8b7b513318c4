using System.Net;
using System.Text;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Website;
using NodaTime;
using static Burgerbaan.Tests.Privacy.PrivacyWorld;

namespace Burgerbaan.Tests.Privacy;

/// <summary>
/// Partners and sponsors see the least that does their job (issue 10): a partner the first name and the surname's initial
/// beside a placement, a sponsor pseudonymous places (a name only with the volunteer's consent). Every read their keys
/// may make is searched for the rest.
/// </summary>
public sealed class MinimalViewTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static async Task<string> Read(HttpClient client, params string[] urls)
    {
        var all = new StringBuilder();
        foreach (var url in urls)
        {
            using var response = await client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
            all.AppendLine(text);
        }
        return all.ToString();
    }

    [Fact]
    public async Task A_partner_sees_the_first_name_and_the_initial_and_nothing_else_of_the_person()
    {
        var w = await Create(api);

        var seen = await Read(w.Partner, "/v1/placements", $"/v1/placements/{w.PlacementId}", "/v1/hours", $"/v1/hours?volunteerId={w.VolunteerId}",
            $"/v1/placements/{w.PlacementId}/hours/summary?month=2025-03", $"/v1/organisations/{w.OrganisationId}", "/v1/organisations");

        Assert.Equal(new VolunteerRef(w.VolunteerId, w.FirstName, "J."),
            (await (await w.Partner.GetAsync($"/v1/placements/{w.PlacementId}")).Read<PlacementResponse>()).Volunteer);
        foreach (var value in new[] { w.LastName, w.Email, w.Phone, "0612345678", w.Iban, "1990-06-15", ConsentNote })
        {
            Assert.DoesNotContain(value, seen, StringComparison.OrdinalIgnoreCase);
        }
        await (await w.Partner.GetAsync($"/v1/volunteers/{w.VolunteerId}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await w.Partner.GetAsync($"/v1/volunteers/{w.VolunteerId}/export")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_sponsor_sees_pseudonymous_places_and_a_name_only_with_consent()
    {
        var w = await Create(api);
        var unnamed = await Seed.Volunteer(api, "Joris" + w.FirstName[4..], "Boer" + w.FirstName[4..]);
        await SponsorKit.Allocate(api, w.SponsorshipId, unnamed.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var sponsor = api.WithKey(await SponsorKit.Key(api, w.SponsorId));

        var seen = await Read(sponsor, $"/v1/sponsors/{w.SponsorId}", "/v1/sponsors", "/v1/sponsorships", $"/v1/sponsorships/{w.SponsorshipId}",
            $"/v1/sponsors/{w.SponsorId}/obligations", $"/v1/sponsors/{w.SponsorId}/sroi-report", $"/v1/sponsors/{w.SponsorId}/sroi-report?format=csv");
        var report = await (await sponsor.GetAsync($"/v1/sponsors/{w.SponsorId}/sroi-report")).Read<SroiReportResponse>();

        Assert.Equal([("place 1", [$"{w.FirstName} {w.LastName}"]), ("place 2", Array.Empty<string>())],
            report.Sponsorships.Single().PlaceList.Select(p => (p.Place, p.Names.ToArray())));
        foreach (var value in new[] { unnamed.FirstName, unnamed.LastName, unnamed.Iban!, "volunteerId", w.Email, w.Iban, ConsentNote })
        {
            Assert.DoesNotContain(value, seen, StringComparison.OrdinalIgnoreCase);
        }
        await (await sponsor.GetAsync($"/v1/sponsorships/{w.SponsorshipId}/allocations")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
