using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Api;

public sealed class OrganisationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task Created_organisation_can_be_read_back_with_location_and_etag()
    {
        var now = api.Clock.GetCurrentInstant();
        var response = await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Zorgpraktijk Haven", OrganisationKind.Care, "87654321"));
        var created = await response.Read<OrganisationResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/organisations/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        var read = await (await api.Admin().GetAsync(response.Headers.Location)).Read<OrganisationResponse>();
        Assert.Equal(created, read);
        Assert.Equal(OrganisationKind.Care, read.Kind);
        Assert.True(read.Active);
        Assert.Equal(now, read.CreatedAt);
        Assert.Equal(now, read.UpdatedAt);
    }

    [Fact]
    public async Task List_contains_created_organisations()
    {
        var first = await api.Organisation("Voedselbank Almere");
        var second = await api.Organisation("Huisartsenpraktijk Poort", OrganisationKind.Care);

        var page = await (await api.Client(ApiRole.Finance).GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();

        Assert.Equal([first, second], page.Items.Where(o => o.Id == first.Id || o.Id == second.Id));
    }

    [Theory]
    [InlineData("1234567")]
    [InlineData("123456789")]
    [InlineData("1234567a")]
    [InlineData("")]
    public async Task KvK_number_must_be_eight_digits(string kvk)
    {
        var name = "KvK " + Guid.NewGuid();

        var problem = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest(name, OrganisationKind.Other, kvk)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["kvkNumber"], problem.ErrorFields());
        var page = await (await api.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();
        Assert.DoesNotContain(page.Items, o => o.Name == name);
    }

    [Fact]
    public async Task Blank_name_is_refused_on_create_and_update()
    {
        var organisation = await api.Organisation();

        var created = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("  ", OrganisationKind.Other)))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        var updated = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "  "), "*"))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["name"], created.ErrorFields());
        Assert.Equal(["name"], updated.ErrorFields());
        Assert.Equal(organisation, await Get(organisation.Id));
    }

    [Fact]
    public async Task Invalid_email_is_refused()
    {
        var problem = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Mail", OrganisationKind.Other, null, "not-an-address")))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["email"], problem.ErrorFields());
    }

    [Fact]
    public async Task Update_without_if_match_is_precondition_required()
    {
        var organisation = await api.Organisation();

        await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Changed"), ifMatch: null))
            .Problem((HttpStatusCode)428, "precondition_required");

        Assert.Equal(organisation, await Get(organisation.Id));
    }

    [Fact]
    public async Task Update_with_stale_etag_is_precondition_failed()
    {
        var organisation = await api.Organisation();
        var first = await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "First"), "\"1\"");
        await first.Read<OrganisationResponse>();

        await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Second"), "\"1\""))
            .Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");

        Assert.Equal("First", (await Get(organisation.Id)).Name);
    }

    [Fact]
    public async Task Update_with_current_etag_changes_fields_and_etag()
    {
        var organisation = await api.Organisation();
        var read = await api.Admin().GetAsync($"/v1/organisations/{organisation.Id}");
        api.Clock.AdvanceMinutes(1);

        var response = await api.Admin().Patch($"/v1/organisations/{organisation.Id}",
            new UpdateOrganisationRequest(Name: "  Humanitas Flevoland  ", Kind: OrganisationKind.Other, KvkNumber: "11223344"), read.Headers.ETag!.Tag);
        var updated = await response.Read<OrganisationResponse>();

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(organisation with
        {
            Name = "Humanitas Flevoland", Kind = OrganisationKind.Other, KvkNumber = "11223344", UpdatedAt = api.Clock.GetCurrentInstant(),
        }, updated);
        Assert.Equal(updated, await Get(organisation.Id));
    }

    [Fact]
    public async Task Empty_string_clears_email_and_null_keeps_it()
    {
        var organisation = await api.Organisation();
        Assert.NotNull(organisation.Email);

        var kept = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Name: "Renamed"), "\"1\""))
            .Read<OrganisationResponse>();
        var cleared = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Email: ""), "\"2\""))
            .Read<OrganisationResponse>();

        Assert.Equal(organisation.Email, kept.Email);
        Assert.Null(cleared.Email);
        Assert.Null((await Get(organisation.Id)).Email);
        Assert.Equal(organisation.KvkNumber, cleared.KvkNumber);
    }

    [Fact]
    public async Task Active_false_deactivates()
    {
        var organisation = await api.Organisation();

        var updated = await (await api.Admin().Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Active: false), "*"))
            .Read<OrganisationResponse>();

        Assert.False(updated.Active);
        Assert.False((await Get(organisation.Id)).Active);
    }

    [Fact]
    public async Task Unknown_organisation_is_not_found()
    {
        await (await api.Admin().GetAsync("/v1/organisations/999999")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().Patch("/v1/organisations/999999", new UpdateOrganisationRequest(Name: "x"), "*"))
            .Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Partner_lists_only_its_own_organisation()
    {
        var own = await api.Organisation("Eigen stichting");
        _ = await api.Organisation("Andere stichting");

        var page = await (await api.Client(ApiRole.Partner, own.Id).GetAsync("/v1/organisations")).Read<Page<OrganisationResponse>>();

        Assert.Equal([own], page.Items);
        Assert.Null(page.NextCursor);
        Assert.Equal(own, await (await api.Client(ApiRole.Partner, own.Id).GetAsync($"/v1/organisations/{own.Id}")).Read<OrganisationResponse>());
    }

    [Fact]
    public async Task Partner_gets_not_found_for_another_organisation()
    {
        var own = await api.Organisation("Eigen praktijk", OrganisationKind.Care);
        var other = await api.Organisation("Andere praktijk", OrganisationKind.Care);

        var problem = await (await api.Client(ApiRole.Partner, own.Id).GetAsync($"/v1/organisations/{other.Id}"))
            .Problem(HttpStatusCode.NotFound, "not_found");

        Assert.DoesNotContain("Andere", problem.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Partner_and_finance_may_not_write()
    {
        var own = await api.Organisation();

        await (await api.Client(ApiRole.Partner, own.Id).Patch($"/v1/organisations/{own.Id}", new UpdateOrganisationRequest(Name: "Mine"), "*"))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Client(ApiRole.Finance).PostJson("/v1/organisations", new CreateOrganisationRequest("New", OrganisationKind.Other)))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(own.Name, (await Get(own.Id)).Name);
    }

    private async Task<OrganisationResponse> Get(long id) =>
        await (await api.Admin().GetAsync($"/v1/organisations/{id}")).Read<OrganisationResponse>();
}
