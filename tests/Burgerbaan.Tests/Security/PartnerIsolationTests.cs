using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Security;

/// <summary>A partner key sees its own organisation's data only, whatever it filters on or pages through.</summary>
public sealed class PartnerIsolationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private sealed record Tenants(OrganisationResponse Own, OrganisationResponse Other, PlacementResponse OwnPlacement,
        PlacementResponse OtherPlacement, VolunteerResponse Shared, HttpClient Partner);

    /// <summary>Two organisations with one volunteer placed at both, and a partner key of the first.</summary>
    private async Task<Tenants> TwoTenants()
    {
        var own = await api.Organisation("Eigen Stichting " + Guid.NewGuid().ToString("n")[..6]);
        var other = await api.Organisation("Andere Praktijk " + Guid.NewGuid().ToString("n")[..6], OrganisationKind.Care);
        var shared = await api.Volunteer("Gedeeld", "Vrijwilliger");
        var ownPlacement = await api.Placement(shared.Id, own.Id, "Eigen activiteit");
        var otherPlacement = await api.Placement(shared.Id, other.Id, "Andere activiteit");
        return new(own, other, ownPlacement, otherPlacement, shared, api.Client(ApiRole.Partner, own.Id));
    }

    [Fact]
    public async Task Partner_lists_only_its_own_organisation()
    {
        var t = await TwoTenants();

        var page = await (await t.Partner.GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();

        Assert.Equal([t.Own.Id], page.Items.Select(o => o.Id));
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Partner_filtering_organisations_by_another_organisations_id_is_refused_and_still_sees_only_its_own()
    {
        var t = await TwoTenants();

        // The organisation list takes no such filters: a 400 that names them and reveals nothing of the other tenant.
        using var filtered = await t.Partner.GetAsync($"/v1/organisations?organisationId={t.Other.Id}&id={t.Other.Id}&limit=200");
        var problem = await filtered.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["id", "organisationId"], problem.ErrorFields());
        Assert.DoesNotContain(t.Other.Name, problem.ToJsonString(), StringComparison.Ordinal);

        var page = await (await t.Partner.GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>();
        Assert.Equal([t.Own.Id], page.Items.Select(o => o.Id));
    }

    [Fact]
    public async Task Partner_paging_organisations_one_by_one_never_reaches_another_organisation()
    {
        var t = await TwoTenants();
        var seen = new List<long>();
        string? cursor = null;
        do
        {
            var page = await (await t.Partner.GetAsync("/v1/organisations?limit=1" + (cursor is null ? "" : "&cursor=" + cursor)))
                .Read<Page<OrganisationResponse>>();
            seen.AddRange(page.Items.Select(o => o.Id));
            cursor = page.NextCursor;
        }
        while (cursor is not null && seen.Count < 10);

        Assert.Equal([t.Own.Id], seen);
    }

    [Fact]
    public async Task Partner_lists_only_its_own_organisations_placements()
    {
        var t = await TwoTenants();

        var page = await (await t.Partner.GetAsync("/v1/placements?limit=200")).Read<Page<PlacementResponse>>();

        Assert.Contains(page.Items, p => p.Id == t.OwnPlacement.Id);
        Assert.All(page.Items, p => Assert.Equal(t.Own.Id, p.OrganisationId));
        Assert.DoesNotContain(page.Items, p => p.Id == t.OtherPlacement.Id);
    }

    [Fact]
    public async Task Partner_filtering_placements_by_another_organisations_id_gets_an_empty_page()
    {
        var t = await TwoTenants();

        var page = await (await t.Partner.GetAsync($"/v1/placements?organisationId={t.Other.Id}&limit=200")).Read<Page<PlacementResponse>>();

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Partner_filtering_placements_by_a_shared_volunteer_sees_only_its_own_organisations_placement()
    {
        var t = await TwoTenants();

        var page = await (await t.Partner.GetAsync($"/v1/placements?volunteerId={t.Shared.Id}&limit=200")).Read<Page<PlacementResponse>>();

        Assert.Equal([t.OwnPlacement.Id], page.Items.Select(p => p.Id));
        var volunteer = page.Items[0].Volunteer;
        Assert.Equal(new VolunteerRef(t.Shared.Id, "Gedeeld", "V."), volunteer);
    }

    [Fact]
    public async Task Partner_filtering_placements_by_its_own_organisation_sees_them()
    {
        var t = await TwoTenants();

        var page = await (await t.Partner.GetAsync($"/v1/placements?organisationId={t.Own.Id}&limit=200")).Read<Page<PlacementResponse>>();

        Assert.Equal([t.OwnPlacement.Id], page.Items.Select(p => p.Id));
    }

    [Fact]
    public async Task Another_organisations_placement_is_indistinguishable_from_a_missing_one()
    {
        var t = await TwoTenants();

        var other = await (await t.Partner.GetAsync($"/v1/placements/{t.OtherPlacement.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        var missing = await (await t.Partner.GetAsync("/v1/placements/987654321")).Problem(HttpStatusCode.NotFound, "not_found");

        other.Remove("traceId");
        missing.Remove("traceId");
        Assert.Equal(missing.ToJsonString(), other.ToJsonString());
        Assert.DoesNotContain("Andere", other.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_organisation_is_indistinguishable_from_a_missing_one()
    {
        var t = await TwoTenants();

        var other = await (await t.Partner.GetAsync($"/v1/organisations/{t.Other.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        var missing = await (await t.Partner.GetAsync("/v1/organisations/987654321")).Problem(HttpStatusCode.NotFound, "not_found");

        other.Remove("traceId");
        missing.Remove("traceId");
        Assert.Equal(missing.ToJsonString(), other.ToJsonString());
    }
}
