using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// GET /v1/me/sponsor-consents lists the sponsors linked to the key's own volunteer (allocations of migration 0010) and
/// where each stands today (14 March 2025). Sponsors, sponsorships and allocations have no endpoints on this branch yet
/// (issue 8 builds them), so the rows are written straight into the migrated file as those endpoints would store them.
/// </summary>
public sealed class SponsorConsentTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly Instant Consented = Instant.FromUtc(2024, 12, 20, 10, 0);

    private async Task<long> Sponsorship(string sponsor)
    {
        NodaTypeHandlers.Register();
        await using var c = new SqliteConnection(api.ConnectionString);
        var now = Instant.FromUtc(2024, 12, 1, 9, 0);
        var sponsorId = await c.ExecuteScalarAsync<long>(
            "INSERT INTO sponsors (name, kind, contact_name, created_at, updated_at) VALUES (@sponsor, 'company', 'Inkoop', @now, @now) RETURNING id",
            new { sponsor, now });
        return await c.ExecuteScalarAsync<long>(
            "INSERT INTO sponsorships (sponsor_id, start_date, end_date, places, allowance_per_place_cents, overhead_per_place_cents, status, " +
            "amount_due_cents, allowance_budget_cents, created_at, updated_at) VALUES (@sponsorId, '2024-01-01', '2025-12-31', 2, 210000, 40000, " +
            "'committed', 1000000, 840000, @now, @now) RETURNING id",
            new { sponsorId, now });
    }

    private async Task<long> Allocation(long sponsorshipId, long volunteerId, LocalDate start, LocalDate end, bool named = false, Instant? revokedAt = null)
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        return await c.ExecuteScalarAsync<long>(
            "INSERT INTO sponsor_allocations (sponsorship_id, volunteer_id, start_date, end_date, consent_given_at, consent_channel, name_in_reports, " +
            "revoked_at, created_at, updated_at) VALUES (@sponsorshipId, @volunteerId, @start, @end, @Consented, 'in_person', @named, @revokedAt, @Consented, @Consented) RETURNING id",
            new { sponsorshipId, volunteerId, start, end, Consented, named, revokedAt });
    }

    [Fact]
    public async Task A_volunteer_sees_their_own_consents_with_the_sponsors_name_and_where_each_stands_today()
    {
        var me = await api.Volunteer("Sara", "Gesponsord");
        var other = await api.Volunteer("Otto", "Ook");
        var bouw = await Sponsorship("Bouwbedrijf Almere BV");
        var zorg = await Sponsorship("Zorggroep Flevoland");
        var revokedAt = Instant.FromUtc(2025, 3, 10, 12, 0);
        var ended = await Allocation(bouw, me.Id, new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31));
        var active = await Allocation(bouw, me.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), named: true);
        var theirs = await Allocation(bouw, other.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var upcoming = await Allocation(zorg, me.Id, new LocalDate(2025, 6, 1), new LocalDate(2025, 12, 31));
        var revoked = await Allocation(zorg, me.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 10), revokedAt: revokedAt);
        // Revoked before it began: its end lies before its start.
        var revokedEarly = await Allocation(zorg, me.Id, new LocalDate(2025, 5, 1), new LocalDate(2025, 3, 10), revokedAt: revokedAt);
        var sponsors = await SponsorIds();
        var key = await api.VolunteerKey(me.Id);

        var consents = await key.Client.All<SponsorConsentResponse>("/v1/me/sponsor-consents", limit: 2);

        SponsorConsentResponse Expected(long id, string sponsor, LocalDate start, LocalDate end, bool named, Instant? revoked, SponsorConsentStatus status) =>
            new(id, sponsors[sponsor], sponsor, start, end, Consented, named, revoked, status);
        Assert.Equal(
        [
            Expected(ended, "Bouwbedrijf Almere BV", new LocalDate(2024, 1, 1), new LocalDate(2024, 12, 31), false, null, SponsorConsentStatus.Ended),
            Expected(active, "Bouwbedrijf Almere BV", new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), true, null, SponsorConsentStatus.Active),
            Expected(upcoming, "Zorggroep Flevoland", new LocalDate(2025, 6, 1), new LocalDate(2025, 12, 31), false, null, SponsorConsentStatus.Upcoming),
            Expected(revoked, "Zorggroep Flevoland", new LocalDate(2025, 1, 1), new LocalDate(2025, 3, 10), false, revokedAt, SponsorConsentStatus.Revoked),
            Expected(revokedEarly, "Zorggroep Flevoland", new LocalDate(2025, 5, 1), new LocalDate(2025, 3, 10), false, revokedAt, SponsorConsentStatus.Revoked),
        ], consents);
        var theirView = await (await api.VolunteerKey(other.Id)).Client.All<SponsorConsentResponse>("/v1/me/sponsor-consents");
        Assert.Equal([theirs], theirView.Select(c => c.AllocationId));
    }

    [Fact]
    public async Task A_volunteer_without_sponsors_gets_an_empty_page()
    {
        var key = await api.VolunteerKey((await api.Volunteer("Nina", "Niemand")).Id);

        var page = await (await key.Client.GetAsync("/v1/me/sponsor-consents")).Read<Page<SponsorConsentResponse>>();

        Assert.Empty(page.Items);
        Assert.Null(page.NextCursor);
    }

    private async Task<Dictionary<string, long>> SponsorIds()
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        return (await c.QueryAsync<(string Name, long Id)>("SELECT name, id FROM sponsors")).ToDictionary(r => r.Name, r => r.Id, StringComparer.Ordinal);
    }
}
