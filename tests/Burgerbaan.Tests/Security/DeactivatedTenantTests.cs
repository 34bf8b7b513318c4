using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>A key bound to a deactivated organisation is as unknown as a revoked one, and works again once it is reactivated.</summary>
public sealed class DeactivatedTenantTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_partner_key_of_a_deactivated_organisation_is_401_and_stores_nothing_until_reactivated()
    {
        var organisation = await api.Organisation("Stichting Gesloten");
        var volunteer = await api.Volunteer("Dirk", "Dekker");
        var placement = await api.Placement(volunteer.Id, organisation.Id);
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("gesloten export", ApiRole.Partner, organisation.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var partner = api.WithKey(created.Key);
        await (await partner.PostJson("/v1/hours", Hours("before", placement.Id))).Read<HourEntriesResponse>();

        await SetActive(organisation.Id, false);

        await AuthenticationTests.AssertUnauthorized(await partner.GetAsync("/v1/hours"));
        await AuthenticationTests.AssertUnauthorized(await partner.PostJson("/v1/hours", Hours("while-closed", placement.Id)));
        await AuthenticationTests.AssertUnauthorized(await partner.GetAsync($"/v1/organisations/{organisation.Id}"));
        var stored = await (await api.Admin().GetAsync($"/v1/hours?placementId={placement.Id}")).Read<Page<HourEntryResponse>>();
        Assert.Equal(["before"], stored.Items.Select(e => e.ExternalId));

        await SetActive(organisation.Id, true);

        await (await partner.PostJson("/v1/hours", Hours("after", placement.Id))).Read<HourEntriesResponse>();
        var seen = await (await partner.GetAsync($"/v1/hours?placementId={placement.Id}")).Read<Page<HourEntryResponse>>();
        Assert.Equal(["after", "before"], seen.Items.Select(e => e.ExternalId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Deactivating_one_organisation_leaves_other_keys_working()
    {
        var closing = await api.Organisation("Stichting Stopt");
        var staying = await api.Organisation("Stichting Blijft");
        var closingKey = api.Client(ApiRole.Partner, closing.Id);
        var stayingKey = api.Client(ApiRole.Partner, staying.Id);

        await SetActive(closing.Id, false);

        await AuthenticationTests.AssertUnauthorized(await closingKey.GetAsync($"/v1/organisations/{closing.Id}"));
        var read = await (await stayingKey.GetAsync($"/v1/organisations/{staying.Id}")).Read<OrganisationResponse>();
        Assert.True(read.Active);
        Assert.Equal(HttpStatusCode.OK, (await api.Client(ApiRole.Coordinator).GetAsync("/v1/organisations")).StatusCode);
        var closed = await (await api.Admin().GetAsync($"/v1/organisations/{closing.Id}")).Read<OrganisationResponse>();
        Assert.False(closed.Active);
    }

    private static SubmitHoursRequest Hours(string externalId, long placementId) =>
        new([new HourEntryInput(externalId, placementId, new LocalDate(2025, 3, 10), 30)]);

    private async Task SetActive(long organisationId, bool active)
    {
        using var read = await api.Admin().GetAsync($"/v1/organisations/{organisationId}");
        var etag = read.Headers.ETag!.Tag;
        var changed = await (await api.Admin().Patch($"/v1/organisations/{organisationId}", new UpdateOrganisationRequest(Active: active), etag))
            .Read<OrganisationResponse>();
        Assert.Equal(active, changed.Active);
    }
}
