using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Security;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>Sponsors, their keys and their deactivation, through HTTP, each write read back through the API.</summary>
public sealed class SponsorTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_sponsor_is_stored_as_sent_and_audited()
    {
        var finance = api.Client(ApiRole.Finance);
        var request = new CreateSponsorRequest("  Bouwbedrijf Almere BV ", SponsorKind.Company,
            new SponsorContact("Sanne de Vries", "sroi@bouw.nl", "0361234567"), "39012345");

        var created = await (await finance.PostJson("/v1/sponsors", request)).Read<SponsorResponse>(HttpStatusCode.Created);

        var read = await (await api.Client(ApiRole.Coordinator).GetAsync($"/v1/sponsors/{created.Id}")).Read<SponsorResponse>();
        Assert.Equal(new SponsorResponse(created.Id, "Bouwbedrijf Almere BV", SponsorKind.Company, "39012345",
            new SponsorContact("Sanne de Vries", "sroi@bouw.nl", "0361234567"), true, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start), read);
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=sponsor&entityId={created.Id}"));
        Assert.Equal("sponsor.created", audit.Action);
        Assert.Equal("""{"after":{"name":"Bouwbedrijf Almere BV","kind":"company","kvkNumber":"39012345","contactName":"Sanne de Vries","contactEmail":"sroi@bouw.nl","contactPhone":"0361234567","active":true}}""",
            audit.Summary);
    }

    [Fact]
    public async Task A_second_sponsor_with_the_same_kvk_number_is_a_possible_duplicate_and_nothing_is_stored()
    {
        var first = await SponsorKit.Sponsor(api, "Eerste BV");
        var before = (await (await api.Admin().GetAsync("/v1/sponsors?limit=200")).Read<Page<SponsorResponse>>()).Items.Count;

        var problem = await (await api.Admin().PostJson("/v1/sponsors",
            new CreateSponsorRequest("Tweede BV", SponsorKind.Company, new SponsorContact("Jan"), first.KvkNumber))).Problem(HttpStatusCode.Conflict, "possible_duplicate");

        Assert.Equal([first.Id], problem["existingIds"]!.AsArray().Select(id => (long)id!));
        Assert.Equal($"Sponsor {first.Id} already has KvK number {first.KvkNumber}.", (string?)problem["detail"]);
        Assert.Equal(before, (await (await api.Admin().GetAsync("/v1/sponsors?limit=200")).Read<Page<SponsorResponse>>()).Items.Count);
    }

    [Fact]
    public async Task A_sponsor_key_reads_its_own_sponsor_only_and_writes_nothing()
    {
        var own = await SponsorKit.Sponsor(api, "Eigen BV");
        var other = await SponsorKit.Sponsor(api, "Ander BV");
        var key = api.WithKey(await SponsorKit.Key(api, own.Id));

        var list = await (await key.GetAsync("/v1/sponsors")).Read<Page<SponsorResponse>>();

        Assert.Equal([own.Id], list.Items.Select(s => s.Id));
        await (await key.GetAsync($"/v1/sponsors/{other.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await key.GetAsync($"/v1/sponsors/{other.Id}/obligations")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await key.GetAsync("/v1/organisations")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await key.Patch($"/v1/sponsors/{own.Id}", new UpdateSponsorRequest(Name: "Overgenomen"), "*")).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Eigen BV", (await (await api.Admin().GetAsync($"/v1/sponsors/{own.Id}")).Read<SponsorResponse>()).Name);
    }

    [Fact]
    public async Task Api_keys_bind_a_sponsor_only_with_the_sponsor_role_and_only_an_active_one()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Sleutel BV");
        var closed = await SponsorKit.Sponsor(api, "Gesloten BV");
        var response = await api.Admin().GetAsync($"/v1/sponsors/{closed.Id}");
        await (await api.Admin().Patch($"/v1/sponsors/{closed.Id}", new UpdateSponsorRequest(Active: false), response.Headers.ETag!.Tag)).Read<SponsorResponse>();
        var keysBefore = (await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items.Count;

        var cases = new (CreateApiKeyRequest Request, string Message)[]
        {
            (new("no sponsor", ApiRole.Sponsor), "A sponsor key needs a sponsorId."),
            (new("finance with sponsor", ApiRole.Finance, SponsorId: sponsor.Id), "Only a sponsor key is bound to a sponsor."),
            (new("unknown sponsor", ApiRole.Sponsor, SponsorId: 987654), "No sponsor with that id."),
            (new("closed sponsor", ApiRole.Sponsor, SponsorId: closed.Id), "The sponsor is deactivated; reactivate it before making a key for it."),
        };
        foreach (var (request, message) in cases)
        {
            var problem = await (await api.Admin().PostJson("/v1/api-keys", request)).Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(["sponsorId"], problem.ErrorFields());
            Assert.Equal(message, (string?)problem["errors"]!["sponsorId"]![0]);
        }

        Assert.Equal(keysBefore, (await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items.Count);
        var made = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("portaal", ApiRole.Sponsor, SponsorId: sponsor.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var listed = (await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items.Single(k => k.Id == made.Id);
        Assert.Equal((ApiRole.Sponsor, (long?)sponsor.Id, (long?)null), (listed.Role, listed.SponsorId, listed.OrganisationId));
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=api_key&entityId={made.Id}"));
        Assert.Equal($$$"""{"after":{"name":"portaal","role":"sponsor","organisationId":null,"sponsorId":{{{sponsor.Id}}}}}""", audit.Summary);
    }

    [Fact]
    public async Task Deactivating_a_sponsor_stops_its_key_at_once_and_refuses_new_sponsorships_until_reactivated()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Stoppend BV");
        var key = api.WithKey(await SponsorKit.Key(api, sponsor.Id));
        await (await key.GetAsync($"/v1/sponsors/{sponsor.Id}")).Read<SponsorResponse>(); // cached as valid now
        var start = new LocalDate(2025, 1, 1);

        var etag = (await api.Admin().GetAsync($"/v1/sponsors/{sponsor.Id}")).Headers.ETag!.Tag;
        var deactivated = await (await api.Client(ApiRole.Finance).Patch($"/v1/sponsors/{sponsor.Id}", new UpdateSponsorRequest(Active: false), etag))
            .Read<SponsorResponse>();

        Assert.False(deactivated.Active);
        await AuthenticationTests.AssertUnauthorized(await key.GetAsync($"/v1/sponsors/{sponsor.Id}"));
        var refused = await (await api.Admin().PostJson("/v1/sponsorships", new CreateSponsorshipRequest(sponsor.Id, start, start.PlusDays(364), 2)))
            .Problem(HttpStatusCode.UnprocessableEntity, "sponsor_inactive");
        Assert.Equal($"Sponsor {sponsor.Id} is deactivated; new sponsorships for it are refused until it is reactivated.", (string?)refused["detail"]);
        var none = await (await api.Admin().GetAsync($"/v1/sponsorships?sponsorId={sponsor.Id}")).Read<Page<SponsorshipResponse>>();
        Assert.Empty(none.Items);
        Assert.Equal(["sponsor.created", "sponsor.deactivated"],
            (await api.Admin().AuditRows($"entity=sponsor&entityId={sponsor.Id}")).Select(a => a.Action));

        etag = (await api.Admin().GetAsync($"/v1/sponsors/{sponsor.Id}")).Headers.ETag!.Tag;
        await (await api.Admin().Patch($"/v1/sponsors/{sponsor.Id}", new UpdateSponsorRequest(Active: true), etag)).Read<SponsorResponse>();

        Assert.True((await (await key.GetAsync($"/v1/sponsors/{sponsor.Id}")).Read<SponsorResponse>()).Active);
        await (await api.Admin().PostJson("/v1/sponsorships", new CreateSponsorshipRequest(sponsor.Id, start, start.PlusDays(364), 2)))
            .Read<SponsorshipResponse>(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_patch_changes_only_the_fields_sent_and_audits_them()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Wijzigend BV");
        var etag = (await api.Admin().GetAsync($"/v1/sponsors/{sponsor.Id}")).Headers.ETag!.Tag;

        await (await api.Admin().Patch($"/v1/sponsors/{sponsor.Id}",
            new UpdateSponsorRequest(Kind: SponsorKind.Fund, Contact: new UpdateSponsorContact(Email: "", Phone: "0361111111")), etag)).Read<SponsorResponse>();

        var read = await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor.Id}")).Read<SponsorResponse>();
        Assert.Equal(sponsor with { Kind = SponsorKind.Fund, Contact = new SponsorContact("Sanne de Vries", null, "0361111111") }, read);
        var change = (await api.Admin().AuditRows($"entity=sponsor&entityId={sponsor.Id}"))[^1];
        Assert.Equal("sponsor.changed", change.Action);
        Assert.Equal("""{"before":{"kind":"company","contactEmail":"sroi@example.nl","contactPhone":null},"after":{"kind":"fund","contactEmail":null,"contactPhone":"0361111111"}}""",
            change.Summary);
        await (await api.Admin().Patch($"/v1/sponsors/{sponsor.Id}", new UpdateSponsorRequest(Name: "Oud"), etag)).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
    }
}
