using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Sponsors;
using NodaTime;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// POST /v1/me/sponsor-consents/{allocationId}/revoke: the volunteer's own revocation is the coordinators' one (the place
/// ends from today, 14 March 2025 in this factory, so its last day becomes the 13th), recorded with the volunteer's key;
/// another volunteer's allocation is a 404 and a second revocation a 409, both leaving the allocation as it was.
/// </summary>
public sealed class MeRevokeConsentTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task<(long Sponsorship, long Allocation)> Allocated(long volunteerId, string sponsor)
    {
        var s = await SponsorKit.Sponsor(api, sponsor);
        var sponsorship = await SponsorKit.Sponsorship(api, s.Id, 2, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        return (sponsorship.Id, (await SponsorKit.Allocate(api, sponsorship.Id, volunteerId, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31))).Id);
    }

    private async Task<AllocationResponse> Stored(long sponsorshipId, long allocationId) =>
        Assert.Single(await api.Admin().All<AllocationResponse>($"/v1/sponsorships/{sponsorshipId}/allocations"), a => a.Id == allocationId);

    [Fact]
    public async Task A_volunteer_revokes_their_own_consent_and_the_place_ends_yesterday()
    {
        var me = await api.Volunteer("Rosa", "Intrekking");
        var key = await api.VolunteerKey(me.Id);
        var (sponsorship, allocation) = await Allocated(me.Id, "Revoke Bouw BV");

        var revoked = await (await key.Client.PostAsync($"/v1/me/sponsor-consents/{allocation}/revoke", null)).Read<SponsorConsentResponse>();

        Assert.Equal((allocation, new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 13), SponsorConsentStatus.Revoked),
            (revoked.AllocationId, revoked.StartDate, revoked.EndDate, revoked.Status));
        Assert.NotNull(revoked.RevokedAt);
        Assert.Equal([revoked], await key.Client.All<SponsorConsentResponse>("/v1/me/sponsor-consents"));
        var stored = await Stored(sponsorship, allocation);
        Assert.Equal((new LocalDate(2025, 3, 13), revoked.RevokedAt, (long?)key.KeyId), (stored.EndDate, stored.Consent.RevokedAt, stored.Consent.RevokedByKeyId));
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=sponsor_allocation&entityId={allocation}&action=sponsor_allocation.revoked"));
        Assert.Equal((key.KeyId, (ApiRole?)ApiRole.Volunteer), (audit.KeyId, audit.Role));

        var again = await key.Client.PostAsync($"/v1/me/sponsor-consents/{allocation}/revoke", null);
        await again.Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(stored, await Stored(sponsorship, allocation));
    }

    [Fact]
    public async Task Another_volunteers_allocation_is_not_found_and_stays_as_it_was()
    {
        var me = await api.Volunteer("Ilse", "Nieuwsgierig");
        var other = await api.Volunteer("Otto", "Gesponsord");
        var key = await api.VolunteerKey(me.Id);
        var (sponsorship, theirs) = await Allocated(other.Id, "Revoke Zorg BV");
        var before = await Stored(sponsorship, theirs);

        var response = await key.Client.PostAsync($"/v1/me/sponsor-consents/{theirs}/revoke", null);

        await response.Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(before, await Stored(sponsorship, theirs));
        Assert.Null(before.Consent.RevokedAt);
    }
}
