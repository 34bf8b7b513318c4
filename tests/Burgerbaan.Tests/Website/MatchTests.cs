using System.Net;
using System.Text.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Website;

/// <summary>
/// GET /v1/applications/{id}/matches, GET /v1/volunteers/{id}/matches and the volunteer's wishes. Only the ranking test
/// publishes opportunities in this class's database, so the whole ranked list is its own.
/// </summary>
public sealed class MatchTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static readonly JsonComparer<IReadOnlyList<OpportunityMatch>> SameMatches = new();

    private async Task<OpportunityResponse> Opening(OrganisationResponse organisation, string title, IReadOnlyList<string> tags, string? neighbourhood,
        int? min, int? max, OpportunityStatus status = OpportunityStatus.Published) =>
        await (await api.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest(title, "Omschrijving van " + title, organisation.Id, tags,
            neighbourhood, min, max, Status: status))).Read<OpportunityResponse>(HttpStatusCode.Created);

    private static OpportunityMatch Expected(OpportunityResponse o, params MatchReason[] reasons) =>
        new(o.Id, o.Title, o.OrganisationId, o.OrganisationName, o.Tags, o.Neighbourhood, o.HoursPerWeekMin, o.HoursPerWeekMax,
            reasons.Sum(r => r.Points), reasons);

    private async Task<IReadOnlyList<OpportunityMatch>> Matches(string url) => (await (await api.Admin().GetAsync(url)).Read<MatchList>()).Items;

    [Fact]
    public async Task An_application_and_the_volunteer_it_becomes_are_matched_by_interests_neighbourhood_and_hours_with_the_reasons()
    {
        var buurthuis = await api.Organisation("Buurthuis De Schakel");
        var closing = await api.Organisation("Stichting Opgeheven");
        var best = await Opening(buurthuis, "Kookclub", ["koken", "tuin"], "Haven", 4, 8);
        var stad = await Opening(buurthuis, "Keuken Stad", ["koken"], "Stad", 10, null);
        var sameScoreLater = await Opening(buurthuis, "Keuken Poort", ["koken"], null, null, null);
        var onlyHere = await Opening(buurthuis, "Sportdag", ["sport"], "haven", null, null);
        var tuin = await Opening(buurthuis, "Moestuin", ["tuin"], "Haven", 6, 6);
        _ = await Opening(buurthuis, "Niets gemeen", ["zwemmen"], "Buiten", 20, 30);
        _ = await Opening(buurthuis, "Nog een concept", ["koken", "tuin", "lezen"], "Haven", 4, 8, OpportunityStatus.Draft);
        _ = await Opening(buurthuis, "Al gesloten", ["koken", "tuin", "lezen"], "Haven", 4, 8, OpportunityStatus.Closed);
        _ = await Opening(closing, "Bij een opgeheven organisatie", ["koken", "tuin", "lezen"], "Haven", 4, 8);
        (await api.Admin().Patch($"/v1/organisations/{closing.Id}", new UpdateOrganisationRequest(Active: false), "\"1\"")).EnsureSuccessStatusCode();

        var application = await (await api.Anonymous().PostJson("/v1/applications", new CreateApplicationRequest("Fatima", "El Amrani", true,
            Email: "fatima@example.org", DateOfBirth: new LocalDate(1979, 4, 2), Neighbourhood: "Haven", Interests: ["Koken", "tuin", "lezen"],
            Availability: new Availability(6)))).Read<ApplicationReceipt>(HttpStatusCode.Created);

        IReadOnlyList<OpportunityMatch> expected =
        [
            Expected(best, new(MatchFactor.Interests, 20, "2 shared interests: koken, tuin."), new(MatchFactor.Neighbourhood, 5, "In Haven."),
                new(MatchFactor.Hours, 5, "6 hours a week fits 4 to 8 hours.")),
            Expected(tuin, new(MatchFactor.Interests, 10, "1 shared interest: tuin."), new(MatchFactor.Neighbourhood, 5, "In Haven."),
                new(MatchFactor.Hours, 5, "6 hours a week fits 6 hours.")),
            Expected(stad, new(MatchFactor.Interests, 10, "1 shared interest: koken."), new(MatchFactor.Neighbourhood, 0, "In Stad, not in Haven."),
                new(MatchFactor.Hours, 0, "6 hours a week does not fit at least 10 hours.")),
            Expected(sameScoreLater, new MatchReason(MatchFactor.Interests, 10, "1 shared interest: koken.")),
            Expected(onlyHere, new(MatchFactor.Interests, 0, "No shared interests."), new(MatchFactor.Neighbourhood, 5, "In haven.")),
        ];
        Assert.Equal(expected, await Matches($"/v1/applications/{application.Id}/matches"), SameMatches);
        Assert.Equal(expected.Take(2).ToList(), await Matches($"/v1/applications/{application.Id}/matches?top=2"), SameMatches);

        // Accepting copies the wishes to the volunteer, so matching goes on after the application's fields are erased.
        var volunteer = await (await api.Admin().PostJson($"/v1/applications/{application.Id}/accept", new AcceptApplicationRequest()))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        var wishes = await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/wishes");
        Assert.Equal(new VolunteerWishes(volunteer.Id, ["koken", "tuin", "lezen"], "Haven", 6), await wishes.Read<VolunteerWishes>(), new JsonComparer<VolunteerWishes>());
        Assert.Equal("\"1\"", wishes.Headers.ETag?.Tag);
        Assert.Equal(expected, await Matches($"/v1/volunteers/{volunteer.Id}/matches"), SameMatches);

        var audit = await (await api.Admin().GetAsync($"/v1/audit?entity=volunteer_wishes&entityId={volunteer.Id}")).Read<Page<AuditEntryResponse>>();
        var created = Assert.Single(audit.Items);
        Assert.Equal("volunteer_wishes.created", created.Action);
        Assert.Equal("""{"after":{"interests":"[\"koken\",\"tuin\",\"lezen\"]","neighbourhood":"Haven","hoursPerWeek":6}}""", created.Summary.GetRawText());

        // Changing the wishes changes the matches: now only the neighbourhood and the hours count.
        var changed = await api.Admin().Put($"/v1/volunteers/{volunteer.Id}/wishes", new PutVolunteerWishesRequest([], "Stad", 12), "\"1\"");
        Assert.Equal(new VolunteerWishes(volunteer.Id, [], "Stad", 12), await changed.Read<VolunteerWishes>(), new JsonComparer<VolunteerWishes>());
        Assert.Equal(
            [Expected(stad, new(MatchFactor.Neighbourhood, 5, "In Stad."), new(MatchFactor.Hours, 5, "12 hours a week fits at least 10 hours."))],
            await Matches($"/v1/volunteers/{volunteer.Id}/matches"), SameMatches);
    }

    [Fact]
    public async Task Wishes_are_recorded_then_replaced_only_under_If_Match_and_an_unchanged_put_writes_nothing()
    {
        var volunteer = await api.Volunteer("Wim", "Wensen");
        var url = $"/v1/volunteers/{volunteer.Id}/wishes";
        var none = await api.Admin().GetAsync(url);
        Assert.Equal(new VolunteerWishes(volunteer.Id, [], null, null), await none.Read<VolunteerWishes>(), new JsonComparer<VolunteerWishes>());
        Assert.Null(none.Headers.ETag);

        var first = await api.Admin().Put(url, new PutVolunteerWishesRequest([" Tuin ", "KOKEN", "tuin"], "  Poort ", 4), null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(url, first.Headers.Location?.OriginalString);
        var stored = new VolunteerWishes(volunteer.Id, ["tuin", "koken"], "Poort", 4);
        Assert.Equal(stored, await Read(url, "\"1\""), new JsonComparer<VolunteerWishes>());

        await (await api.Admin().Put(url, new PutVolunteerWishesRequest(["lezen"]), null)).Problem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await api.Admin().Put(url, new PutVolunteerWishesRequest(["lezen"]), "\"7\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(stored, await Read(url, "\"1\""), new JsonComparer<VolunteerWishes>());

        (await api.Admin().Put(url, new PutVolunteerWishesRequest(["tuin", "koken"], "Poort", 4), "\"1\"")).EnsureSuccessStatusCode();
        Assert.Equal(stored, await Read(url, "\"1\""), new JsonComparer<VolunteerWishes>());

        var replaced = await api.Admin().Put(url, new PutVolunteerWishesRequest(["lezen"]), "\"1\"");
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(new VolunteerWishes(volunteer.Id, ["lezen"], null, null), await Read(url, "\"2\""), new JsonComparer<VolunteerWishes>());

        var trail = (await (await api.Admin().GetAsync($"/v1/audit?entity=volunteer_wishes&entityId={volunteer.Id}")).Read<Page<AuditEntryResponse>>()).Items;
        Assert.Equal(["volunteer_wishes.created", "volunteer_wishes.changed"], trail.Select(e => e.Action));
        Assert.Equal("""{"before":{"interests":"[\"tuin\",\"koken\"]","neighbourhood":"Poort","hoursPerWeek":4},"after":{"interests":"[\"lezen\"]","neighbourhood":null,"hoursPerWeek":null}}""",
            trail[1].Summary.GetRawText());
    }

    [Fact]
    public async Task Bad_wishes_and_bad_match_queries_are_400s_naming_the_field_and_unknown_people_are_404s()
    {
        var volunteer = await api.Volunteer("Bea", "Grens");
        var url = $"/v1/volunteers/{volunteer.Id}/wishes";
        (await api.Admin().Put(url, new PutVolunteerWishesRequest(["tuin"], "Haven", 4), null)).EnsureSuccessStatusCode();

        async Task Refused(PutVolunteerWishesRequest body, string field) =>
            Assert.Equal([field], (await (await api.Admin().Put(url, body, "\"1\"")).Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        await Refused(new PutVolunteerWishesRequest(Enumerable.Range(1, 21).Select(i => "tag" + i).ToList()), "interests");
        await Refused(new PutVolunteerWishesRequest(["ok", new string('x', 41)]), "interests[1]");
        await Refused(new PutVolunteerWishesRequest(["  "]), "interests[0]");
        await Refused(new PutVolunteerWishesRequest(HoursPerWeek: 0), "hoursPerWeek");
        await Refused(new PutVolunteerWishesRequest(HoursPerWeek: 41), "hoursPerWeek");
        await Refused(new PutVolunteerWishesRequest(Neighbourhood: new string('h', 101)), "neighbourhood");
        await Refused(new PutVolunteerWishesRequest(Neighbourhood: "Ha\u0007ven"), "neighbourhood");
        Assert.Equal(new VolunteerWishes(volunteer.Id, ["tuin"], "Haven", 4), await Read(url, "\"1\""), new JsonComparer<VolunteerWishes>());

        foreach (var top in new[] { "0", "51", "-1", "x" })
        {
            var problem = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/matches?top={top}")).Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(["top"], problem.ErrorFields());
        }
        await (await api.Admin().GetAsync("/v1/applications/987654321/matches")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync("/v1/volunteers/987654321/matches")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync("/v1/volunteers/987654321/wishes")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().Put("/v1/volunteers/987654321/wishes", new PutVolunteerWishesRequest(["tuin"]), null)).Problem(HttpStatusCode.NotFound, "not_found");
    }

    private async Task<VolunteerWishes> Read(string url, string etag)
    {
        var response = await api.Admin().GetAsync(url);
        Assert.Equal(etag, response.Headers.ETag?.Tag);
        return await response.Read<VolunteerWishes>();
    }
}
