using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Api;

public sealed class PlacementTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Start = new(2025, 2, 1);

    private async Task<PlacementResponse> Get(long id) =>
        await (await api.Admin().GetAsync($"/v1/placements/{id}")).Read<PlacementResponse>();

    private async Task<IReadOnlyList<PlacementResponse>> List(string query = "", HttpClient? client = null) =>
        (await (await (client ?? api.Admin()).GetAsync("/v1/placements?limit=200" + query)).Read<Page<PlacementResponse>>()).Items;

    private async Task<IReadOnlyList<PlacementResponse>> Refused(CreatePlacementRequest request, params string[] fields)
    {
        var before = await List();
        var problem = await (await api.Admin().PostJson("/v1/placements", request)).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(fields, problem.ErrorFields());
        var after = await List();
        Assert.Equal(before, after);
        return after;
    }

    [Fact]
    public async Task Created_placement_shows_the_volunteer_by_first_name_and_initial()
    {
        var volunteer = await api.Volunteer("Anna", "de Jong");
        var organisation = await api.Organisation();

        var response = await api.Admin().PostJson("/v1/placements",
            new CreatePlacementRequest(volunteer.Id, organisation.Id, Start, "  Taalmaatje  ", new LocalDate(2025, 12, 31), 6));
        var created = await response.Read<PlacementResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/placements/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal(new PlacementResponse(created.Id, new VolunteerRef(volunteer.Id, "Anna", "J."), organisation.Id, Start,
            new LocalDate(2025, 12, 31), "Taalmaatje", 6, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start), created);
        Assert.Equal(created, await Get(created.Id));
    }

    /// <summary>The initial is that of the surname proper, as a Dutch reader sorts and abbreviates it.</summary>
    [Theory]
    [InlineData("Jansen", "J.")]
    [InlineData("de Jong", "J.")]
    [InlineData("van der Berg", "B.")]
    [InlineData("'t Hart", "H.")]
    [InlineData("Van Dijk", "D.")]
    [InlineData("de Vries-van Dam", "V.")]
    [InlineData("öztürk", "Ö.")]
    [InlineData("van", "V.")]
    public async Task Last_name_initial_skips_surname_prefixes(string lastName, string initial)
    {
        var volunteer = await api.Volunteer("Kim", lastName);
        var organisation = await api.Organisation();

        var placement = await api.Placement(volunteer.Id, organisation.Id);

        Assert.Equal(new VolunteerRef(volunteer.Id, "Kim", initial), placement.Volunteer);
    }

    [Fact]
    public async Task Unknown_volunteer_or_organisation_is_named_in_the_problem()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();

        await Refused(new CreatePlacementRequest(999_999, organisation.Id, Start, "Koken"), "volunteerId");
        await Refused(new CreatePlacementRequest(volunteer.Id, 999_999, Start, "Koken"), "organisationId");
        var after = await Refused(new CreatePlacementRequest(999_998, 999_999, Start, "Koken"), "organisationId", "volunteerId");
        Assert.DoesNotContain(after, p => p.Volunteer.Id == volunteer.Id);
    }

    [Fact]
    public async Task Deactivated_volunteer_or_organisation_cannot_be_placed()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();
        var activeVolunteer = await api.Volunteer("Bram", "Visser");
        var activeOrganisation = await api.Organisation("Open Hof");
        await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Active: false), "*")).Read<VolunteerResponse>();
        await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Active: false), "*")).Read<OrganisationResponse>();

        await Refused(new CreatePlacementRequest(volunteer.Id, activeOrganisation.Id, Start, "Koken"), "volunteerId");
        await Refused(new CreatePlacementRequest(activeVolunteer.Id, organisation.Id, Start, "Koken"), "organisationId");
    }

    [Fact]
    public async Task End_date_before_start_date_is_refused_on_create()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();

        await Refused(new CreatePlacementRequest(volunteer.Id, organisation.Id, Start, "Koken", Start.PlusDays(-1)), "endDate");
    }

    [Fact]
    public async Task Blank_activity_is_refused()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();

        await Refused(new CreatePlacementRequest(volunteer.Id, organisation.Id, Start, "   "), "activity");
    }

    [Fact]
    public async Task Setting_end_date_ends_the_placement()
    {
        var placement = await api.Placement((await api.Volunteer()).Id, (await api.Organisation()).Id);
        var end = new LocalDate(2025, 3, 31);

        await (await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(EndDate: end), null))
            .Problem((HttpStatusCode)428, "precondition_required");
        var response = await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(EndDate: end), "\"1\"");
        var ended = await response.Read<PlacementResponse>();

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(placement with { EndDate = end }, ended);
        Assert.Equal(ended, await Get(placement.Id));
        await (await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(Activity: "x"), "\"1\""))
            .Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }

    [Fact]
    public async Task End_date_before_start_date_is_refused_on_update()
    {
        var placement = await api.Placement((await api.Volunteer()).Id, (await api.Organisation()).Id);

        var problem = await (await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(EndDate: placement.StartDate.PlusDays(-1)), "\"1\""))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        var later = await (await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(EndDate: new LocalDate(2025, 6, 30)), "\"1\""))
            .Read<PlacementResponse>();
        var startAfterEnd = await (await api.Admin().Patch($"/v1/placements/{placement.Id}", new UpdatePlacementRequest(StartDate: new LocalDate(2025, 7, 1)), "\"2\""))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["endDate"], problem.ErrorFields());
        Assert.Equal(["endDate"], startAfterEnd.ErrorFields());
        Assert.Equal(later, await Get(placement.Id));
    }

    [Fact]
    public async Task Unknown_placement_is_not_found()
    {
        await (await api.Admin().GetAsync("/v1/placements/999999")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().Patch("/v1/placements/999999", new UpdatePlacementRequest(Activity: "x"), "*")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Partner_sees_only_its_own_organisations_placements()
    {
        var a = await api.Organisation("Stichting A");
        var b = await api.Organisation("Stichting B");
        var volunteer = await api.Volunteer("Anna", "de Jong");
        var atA = await api.Placement(volunteer.Id, a.Id, "Tuinieren");
        var atB = await api.Placement(volunteer.Id, b.Id, "Koken");
        var partner = api.Client(ApiRole.Partner, a.Id);

        Assert.Equal([atA], await List(client: partner));
        // Filtering for another organisation finds nothing rather than quietly answering with the partner's own.
        Assert.Empty(await List($"&organisationId={b.Id}", partner));
        Assert.Equal(atA, await (await partner.GetAsync($"/v1/placements/{atA.Id}")).Read<PlacementResponse>());
        await (await partner.GetAsync($"/v1/placements/{atB.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await partner.Patch($"/v1/placements/{atA.Id}", new UpdatePlacementRequest(Activity: "x"), "*")).Problem(HttpStatusCode.Forbidden, "forbidden");
        var text = await (await partner.GetAsync("/v1/placements")).Content.ReadAsStringAsync();
        Assert.DoesNotContain("Jong", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filters_narrow_the_list()
    {
        var a = await api.Organisation("Filter A");
        var b = await api.Organisation("Filter B");
        var anna = await api.Volunteer("Anna", "Smit");
        var bram = await api.Volunteer("Bram", "Visser");
        var annaAtA = await api.Placement(anna.Id, a.Id);
        var annaAtB = await api.Placement(anna.Id, b.Id);
        var bramAtA = await api.Placement(bram.Id, a.Id);

        Assert.Equal([annaAtA, annaAtB], await List($"&volunteerId={anna.Id}"));
        Assert.Equal([bramAtA], await List($"&volunteerId={bram.Id}"));
        Assert.Equal([annaAtA, bramAtA], await List($"&organisationId={a.Id}"));
        Assert.Equal([annaAtB], await List($"&organisationId={b.Id}&volunteerId={anna.Id}", api.Client(ApiRole.Finance)));
    }
}
