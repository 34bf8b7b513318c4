using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Website;

public sealed class StatsTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    [Fact]
    public async Task The_figures_count_what_runs_today_hold_no_personal_data_and_are_reused_for_a_minute()
    {
        var org = await api.Organisation("Buurthuis Stats");
        await api.Organisation("Zonder plaatsing");
        var active = await api.Volunteer("Actief", "Een");
        await api.Agreement(active.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var placement = await api.Placement(active.Id, org.Id);
        var ended = await api.Volunteer("Voorbij", "Twee");
        await api.Agreement(ended.Id, new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));
        var hours = await (await api.Admin().PostJson("/v1/hours", new SubmitHoursRequest([
                new HourEntryInput("S-1", placement.Id, new LocalDate(2025, 3, 3), 150),
                new HourEntryInput("S-2", placement.Id, new LocalDate(2025, 3, 4), 60)])))
            .Read<HourEntriesResponse>();
        await (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest([hours.Items[0].Id]))).Read<JsonObject>();
        await (await api.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest("Open", "x", org.Id, Status: OpportunityStatus.Published)))
            .Read<OpportunityResponse>(HttpStatusCode.Created);
        await (await api.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest("Concept", "x", org.Id)))
            .Read<OpportunityResponse>(HttpStatusCode.Created);

        using var response = await api.Anonymous().GetAsync("/v1/stats");

        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(new PublicStats(1, 20, 0, 1, 0, 2, 1, new LocalDate(2025, 3, 14)), await response.Read<PublicStats>());
        Assert.Equal(["activePlaces", "activeSponsors", "approvedHoursThisYear", "asOf", "organisationsWithActivePlacement", "placesTarget",
            "publishedOpportunities", "sponsoredPlaces"], JsonNode.Parse(text)!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("public, max-age=60", response.Headers.CacheControl?.ToString());

        var another = await api.Volunteer("Nieuw", "Drie");
        await api.Agreement(another.Id, new LocalDate(2025, 3, 1), new LocalDate(2025, 12, 31));
        api.Clock.Advance(Duration.FromSeconds(59));
        Assert.Equal(1, (await (await api.Anonymous().GetAsync("/v1/stats")).Read<PublicStats>()).ActivePlaces);
        api.Clock.Advance(Duration.FromSeconds(2));
        Assert.Equal(2, (await (await api.Anonymous().GetAsync("/v1/stats")).Read<PublicStats>()).ActivePlaces);
    }
}
