using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>Allocations: consent, capacity (also under a race), one place per volunteer per day, ending and revoking.</summary>
public sealed class AllocationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan2025 = new(2025, 1, 1);
    private static readonly LocalDate Dec2026 = new(2026, 12, 31);

    [Fact]
    public async Task An_allocation_stores_the_consent_and_the_recording_key_and_is_audited()
    {
        var sponsorship = await NewSponsorship("Toestemming BV", 2);
        var volunteer = await api.Volunteer("Anna", "Akkoord");
        var coordinator = await api.NewKey(ApiRole.Coordinator, "intake desk");
        var request = new CreateAllocationRequest(volunteer.Id, new LocalDate(2025, 4, 1), Dec2026,
            new ConsentInput(SponsorKit.ConsentAt, ConsentChannel.In_person, "Intake gesprek", NameInReports: true));

        var created = await (await coordinator.Client.PostJson($"/v1/sponsorships/{sponsorship.Id}/allocations", request))
            .Read<AllocationResponse>(HttpStatusCode.Created);

        var listed = await (await api.Client(ApiRole.Finance).GetAsync($"/v1/sponsorships/{sponsorship.Id}/allocations")).Read<Page<AllocationResponse>>();
        var expected = new AllocationResponse(created.Id, sponsorship.Id, volunteer.Id, new LocalDate(2025, 4, 1), Dec2026,
            new ConsentResponse(SponsorKit.ConsentAt, ConsentChannel.In_person, "Intake gesprek", true, coordinator.KeyId, null, null),
            null, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start);
        Assert.Equal(expected, Assert.Single(listed.Items));
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=sponsor_allocation&entityId={created.Id}"));
        Assert.Equal(("sponsor_allocation.created", coordinator.KeyId), (audit.Action, audit.KeyId));
        Assert.Equal($$$$"""{"after":{"sponsorshipId":{{{{sponsorship.Id}}}},"sponsorId":{{{{sponsorship.SponsorId}}}},"volunteerId":{{{{volunteer.Id}}}},"startDate":"2025-04-01","endDate":"2026-12-31","consent":{"givenAt":"2025-03-01T10:00:00Z","channel":"in_person","note":"Intake gesprek","nameInReports":true}}}""",
            audit.Summary);
    }

    [Fact]
    public async Task Missing_or_future_consent_and_a_range_outside_the_sponsorship_are_refused_and_store_nothing()
    {
        var sponsorship = await NewSponsorship("Zonder Toestemming BV", 2);
        var volunteer = await api.Volunteer("Bram", "Weigert");
        var url = $"/v1/sponsorships/{sponsorship.Id}/allocations";

        var missing = await (await api.Admin().SendRaw(HttpMethod.Post, url,
            $$"""{"volunteerId":{{volunteer.Id}},"startDate":"2025-04-01","endDate":"2025-12-31"}""")).Problem(HttpStatusCode.BadRequest, "validation_failed");
        var future = await (await api.Admin().PostJson(url, new CreateAllocationRequest(volunteer.Id, new LocalDate(2025, 4, 1), new LocalDate(2025, 12, 31),
            new ConsentInput(BurgerbaanApiFactory.Start + Duration.FromMinutes(1), ConsentChannel.Email)))).Problem(HttpStatusCode.BadRequest, "validation_failed");
        var outside = await (await api.Admin().PostJson(url, SponsorKit.Allocation(volunteer.Id, new LocalDate(2024, 12, 31), new LocalDate(2027, 1, 1))))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["consent"], missing.ErrorFields());
        Assert.Equal(["consent.givenAt"], future.ErrorFields());
        Assert.Equal("Consent cannot be given in the future.", (string?)future["errors"]!["consent.givenAt"]![0]);
        Assert.Equal(["endDate", "startDate"], outside.ErrorFields());
        Assert.Equal("The allocation must lie within the sponsorship's period 2025-01-01..2026-12-31.", (string?)outside["errors"]!["startDate"]![0]);
        Assert.Empty((await (await api.Admin().GetAsync(url)).Read<Page<AllocationResponse>>()).Items);
    }

    [Fact]
    public async Task No_day_has_more_allocations_than_places_and_a_volunteer_holds_one_place_a_day()
    {
        var sponsorship = await NewSponsorship("Vol BV", 1);
        var other = await NewSponsorship("Ander Vol BV", 5);
        var anna = await api.Volunteer("Anna", "Eerst");
        var bram = await api.Volunteer("Bram", "Later");
        var first = await SponsorKit.Allocate(api, sponsorship.Id, anna.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30));

        var full = await (await api.Admin().PostJson($"/v1/sponsorships/{sponsorship.Id}/allocations",
            SponsorKit.Allocation(bram.Id, new LocalDate(2025, 6, 30), new LocalDate(2025, 12, 31)))).Problem(HttpStatusCode.Conflict, "sponsorship_full");
        var twice = await (await api.Admin().PostJson($"/v1/sponsorships/{other.Id}/allocations",
            SponsorKit.Allocation(anna.Id, new LocalDate(2025, 6, 1), new LocalDate(2025, 7, 31)))).Problem(HttpStatusCode.Conflict, "conflict");
        var next = await SponsorKit.Allocate(api, sponsorship.Id, bram.Id, new LocalDate(2025, 7, 1), new LocalDate(2025, 12, 31));

        Assert.Equal(1, (int)full["places"]!);
        Assert.Equal([first.Id], twice["allocationIds"]!.AsArray().Select(id => (long)id!));
        var listed = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}/allocations")).Read<Page<AllocationResponse>>();
        Assert.Equal([first.Id, next.Id], listed.Items.Select(a => a.Id));
        Assert.Empty((await (await api.Admin().GetAsync($"/v1/sponsorships/{other.Id}/allocations")).Read<Page<AllocationResponse>>()).Items);
    }

    [Fact]
    public async Task Of_n_plus_five_simultaneous_allocations_for_n_places_exactly_n_succeed()
    {
        const int places = 4;
        var sponsorship = await NewSponsorship("Race BV", places);
        var volunteers = new List<long>();
        for (var i = 0; i < places + 5; i++)
        {
            volunteers.Add((await api.Volunteer("Race", $"Deelnemer {i}")).Id);
        }
        var coordinator = api.Client(ApiRole.Coordinator);
        using var go = new ManualResetEventSlim(false);

        var requests = volunteers.Select(v => Task.Run(async () =>
        {
            go.Wait();
            return await coordinator.PostJson($"/v1/sponsorships/{sponsorship.Id}/allocations",
                SponsorKit.Allocation(v, new LocalDate(2025, 3, 1), new LocalDate(2025, 8, 31)));
        })).ToList();
        go.Set();
        var responses = await Task.WhenAll(requests);

        Assert.Equal(places, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        foreach (var refused in responses.Where(r => r.StatusCode != HttpStatusCode.Created))
        {
            await refused.Problem(HttpStatusCode.Conflict, "sponsorship_full");
        }
        var listed = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}/allocations")).Read<Page<AllocationResponse>>();
        Assert.Equal(places, listed.Items.Count);
        Assert.Equal(places, listed.Items.Select(a => a.VolunteerId).Distinct().Count());
    }

    [Fact]
    public async Task Ending_moves_the_last_day_earlier_only()
    {
        var sponsorship = await NewSponsorship("Einde BV", 1);
        var volunteer = await api.Volunteer("Carla", "Stopt");
        var allocation = await SponsorKit.Allocate(api, sponsorship.Id, volunteer.Id, new LocalDate(2025, 4, 1), Dec2026);
        var url = $"/v1/sponsorships/{sponsorship.Id}/allocations/{allocation.Id}/end";

        await (await api.Admin().PostJson(url, new EndAllocationRequest(new LocalDate(2027, 1, 1)))).Problem(HttpStatusCode.Conflict, "conflict");
        var before = await (await api.Admin().PostJson(url, new EndAllocationRequest(new LocalDate(2025, 3, 31)))).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["endDate"], before.ErrorFields());
        var ended = await (await api.Client(ApiRole.Coordinator).PostJson(url, new EndAllocationRequest(new LocalDate(2025, 9, 30)))).Read<AllocationResponse>();

        var listed = Assert.Single((await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}/allocations")).Read<Page<AllocationResponse>>()).Items);
        Assert.Equal(allocation with { EndDate = new LocalDate(2025, 9, 30), EndedAt = BurgerbaanApiFactory.Start }, listed);
        Assert.Equal(listed, ended);
        var audit = (await api.Admin().AuditRows($"entity=sponsor_allocation&entityId={allocation.Id}"))[^1];
        Assert.Equal(("sponsor_allocation.ended", """{"before":{"endDate":"2026-12-31","endedAt":null},"after":{"endDate":"2025-09-30","endedAt":"2025-03-14T09:00:00Z"}}"""),
            (audit.Action, audit.Summary));
    }

    [Fact]
    public async Task Revoking_consent_ends_the_allocation_from_today_and_twice_is_refused()
    {
        var sponsorship = await NewSponsorship("Intrekking BV", 1);
        var volunteer = await api.Volunteer("Dirk", "Trekt In");
        var running = await SponsorKit.Allocate(api, sponsorship.Id, volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30));
        var later = await SponsorKit.Allocate(api, sponsorship.Id, volunteer.Id, new LocalDate(2025, 7, 1), Dec2026);
        var coordinator = await api.NewKey(ApiRole.Coordinator, "consent desk");

        var revoked = await (await coordinator.Client.PostAsync($"/v1/volunteers/{volunteer.Id}/sponsor-consents/{running.Id}/revoke", null)).Read<AllocationResponse>();
        await (await coordinator.Client.PostAsync($"/v1/volunteers/{volunteer.Id}/sponsor-consents/{later.Id}/revoke", null)).Read<AllocationResponse>();
        var again = await (await api.Admin().PostAsync($"/v1/volunteers/{volunteer.Id}/sponsor-consents/{running.Id}/revoke", null)).Problem(HttpStatusCode.Conflict, "conflict");
        await (await api.Admin().PostAsync($"/v1/volunteers/{volunteer.Id + 1000}/sponsor-consents/{running.Id}/revoke", null)).Problem(HttpStatusCode.NotFound, "not_found");

        Assert.Equal("This consent was already revoked at 2025-03-14T09:00:00Z.", (string?)again["detail"]);
        var listed = (await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}/allocations")).Read<Page<AllocationResponse>>()).Items;
        // Today is 2025-03-14: the running one covers up to yesterday, the later one (not begun) covers no day at all.
        Assert.Equal([(new LocalDate(2025, 3, 13), (long?)coordinator.KeyId), (new LocalDate(2025, 3, 13), coordinator.KeyId)],
            listed.Select(a => (a.EndDate, a.Consent.RevokedByKeyId)));
        Assert.Equal(revoked, listed[0]);
        Assert.All(listed, a => Assert.Equal(BurgerbaanApiFactory.Start, a.Consent.RevokedAt));
        var audit = (await api.Admin().AuditRows($"entity=sponsor_allocation&entityId={running.Id}"))[^1];
        Assert.Equal(("sponsor_allocation.revoked", """{"before":{"endDate":"2025-06-30","revokedAt":null},"after":{"endDate":"2025-03-13","revokedAt":"2025-03-14T09:00:00Z"}}"""),
            (audit.Action, audit.Summary));
        // The day after the revocation the place is free again for someone else.
        var other = await api.Volunteer("Eva", "Volgt");
        await SponsorKit.Allocate(api, sponsorship.Id, other.Id, new LocalDate(2025, 3, 14), Dec2026);
    }

    private async Task<SponsorshipResponse> NewSponsorship(string sponsorName, int places)
    {
        var sponsor = await SponsorKit.Sponsor(api, sponsorName);
        return await SponsorKit.Sponsorship(api, sponsor.Id, places, Jan2025, Dec2026);
    }
}
