using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Website;

public sealed class OpportunityTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>, IAsyncLifetime
{
    private OrganisationResponse _own = null!;
    private OrganisationResponse _other = null!;

    public async Task InitializeAsync()
    {
        _own = await api.Organisation("Buurthuis De Schakel");
        _other = await api.Organisation("Tuinderij Haven");
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    private HttpClient Partner => api.Client(ApiRole.Partner, _own.Id);

    private async Task<Page<PublicOpportunity>> Public(string query = "") =>
        await (await api.Anonymous().GetAsync("/v1/opportunities" + query)).Read<Page<PublicOpportunity>>();

    private static async Task<OpportunityResponse> Publish(HttpClient client, long id, int version) =>
        await (await client.Patch($"/v1/opportunities/{id}", new UpdateOpportunityRequest(Status: OpportunityStatus.Published), $"\"{version}\""))
            .Read<OpportunityResponse>();

    [Fact]
    public async Task A_partner_drafts_its_own_opportunity_and_the_public_sees_it_only_once_published()
    {
        var title = "Gastvrouw koffieochtend " + Guid.NewGuid().ToString("n")[..6];
        var draft = await (await Partner.PostJson("/v1/opportunities", new CreateOpportunityRequest(title, "Koffie schenken en een praatje maken.",
            Tags: ["Koffie", "contact"], Neighbourhood: "Haven", HoursPerWeekMin: 4, HoursPerWeekMax: 8, StartDate: new LocalDate(2025, 4, 1), PlacesWanted: 2)))
            .Read<OpportunityResponse>(HttpStatusCode.Created);

        var stored = await (await Partner.GetAsync($"/v1/opportunities/{draft.Id}")).Read<OpportunityResponse>();
        var now = api.Clock.GetCurrentInstant();
        Assert.Equal(new OpportunityResponse(draft.Id, _own.Id, _own.Name, title, "Koffie schenken en een praatje maken.", ["koffie", "contact"], "Haven",
            4, 8, new LocalDate(2025, 4, 1), 2, OpportunityStatus.Draft, now, now), stored with { Tags = [.. stored.Tags] }, new JsonComparer<OpportunityResponse>());
        Assert.DoesNotContain((await Public()).Items, o => o.Id == draft.Id);

        await Publish(Partner, draft.Id, 1);

        var seen = Assert.Single((await Public()).Items, o => o.Id == draft.Id);
        Assert.Equal(new PublicOpportunity(draft.Id, _own.Name, title, "Koffie schenken en een praatje maken.", ["koffie", "contact"], "Haven", 4, 8,
            new LocalDate(2025, 4, 1), 2), seen with { Tags = [.. seen.Tags] }, new JsonComparer<PublicOpportunity>());
        var raw = JsonNode.Parse(await (await api.Anonymous().GetAsync("/v1/opportunities")).Content.ReadAsStringAsync())!["items"]![0]!.AsObject();
        Assert.DoesNotContain(raw, p => p.Key is "status" or "organisationId" or "createdAt");

        await (await Partner.Patch($"/v1/opportunities/{draft.Id}", new UpdateOpportunityRequest(Status: OpportunityStatus.Closed), "\"2\"")).Read<OpportunityResponse>();
        Assert.DoesNotContain((await Public()).Items, o => o.Id == draft.Id);
        Assert.Equal(OpportunityStatus.Closed, (await (await Partner.GetAsync($"/v1/opportunities/{draft.Id}")).Read<OpportunityResponse>()).Status);
    }

    [Fact]
    public async Task A_partner_cannot_touch_another_organisations_opportunity()
    {
        var theirs = await (await api.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest("Oogsten", "Groente oogsten.", _other.Id)))
            .Read<OpportunityResponse>(HttpStatusCode.Created);

        await (await Partner.GetAsync($"/v1/opportunities/{theirs.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Partner.Patch($"/v1/opportunities/{theirs.Id}", new UpdateOpportunityRequest(Title: "Overgenomen"), "*")).Problem(HttpStatusCode.NotFound, "not_found");
        var problem = await (await Partner.PostJson("/v1/opportunities", new CreateOpportunityRequest("Namens hen", "x", _other.Id))).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["organisationId"], problem.ErrorFields());

        Assert.Equal("Oogsten", (await (await api.Admin().GetAsync($"/v1/opportunities/{theirs.Id}")).Read<OpportunityResponse>()).Title);
    }

    [Fact]
    public async Task The_public_filters_by_tag_neighbourhood_text_and_hours_and_pages_by_cursor()
    {
        var marker = Guid.NewGuid().ToString("n")[..8];
        async Task<long> Published(string title, string[] tags, string neighbourhood, int min, int max)
        {
            var made = await (await api.Admin().PostJson("/v1/opportunities", new CreateOpportunityRequest(title + " " + marker, "Omschrijving " + marker, _own.Id,
                tags, neighbourhood, min, max, Status: OpportunityStatus.Published))).Read<OpportunityResponse>(HttpStatusCode.Created);
            return made.Id;
        }
        var garden = await Published("Tuin", ["tuin", "buiten"], "Poort", 2, 6);
        var kitchen = await Published("Keuken", ["koken"], "Haven", 8, 16);
        var both = await Published("Moestuin koken", ["tuin", "koken"], "Haven", 4, 12);

        Assert.Equal([garden, both], (await Public("?tag=Tuin&limit=200")).Items.Select(o => o.Id).Where(new[] { garden, kitchen, both }.Contains));
        Assert.Equal([kitchen, both], (await Public($"?neighbourhood=Haven&q={marker}")).Items.Select(o => o.Id));
        Assert.Equal([both], (await Public($"?q=moestuin%20koken%20{marker}")).Items.Select(o => o.Id));
        Assert.Equal([garden, both], (await Public($"?q={marker}&hoursPerWeek=5")).Items.Select(o => o.Id));
        Assert.Empty((await Public($"?q=100%25_{marker}")).Items);
        var first = await Public($"?q={marker}&limit=2");
        var second = await Public($"?q={marker}&limit=2&cursor={first.NextCursor}");
        Assert.Equal([garden, kitchen], first.Items.Select(o => o.Id));
        Assert.Equal([both], second.Items.Select(o => o.Id));
        Assert.Null(second.NextCursor);
    }

    [Theory]
    [InlineData("?hoursPerWeek=41", "hoursPerWeek")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?status=draft", "status")]
    [InlineData("?cursor=abc", "cursor")]
    public async Task A_bad_public_query_is_a_400_naming_it(string query, string field)
    {
        using var response = await api.Anonymous().GetAsync("/v1/opportunities" + query);

        Assert.Equal([field], (await response.Problem(HttpStatusCode.BadRequest, "validation_failed")).ErrorFields());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task The_public_list_is_cacheable_and_answers_304_to_its_etag()
    {
        using var first = await api.Anonymous().GetAsync("/v1/opportunities");
        Assert.Equal("public, max-age=300", first.Headers.CacheControl?.ToString());
        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/opportunities");
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var again = await api.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Hours_out_of_order_are_refused_and_nothing_changes()
    {
        var made = await (await Partner.PostJson("/v1/opportunities", new CreateOpportunityRequest("Uren", "x", HoursPerWeekMin: 4, HoursPerWeekMax: 8)))
            .Read<OpportunityResponse>(HttpStatusCode.Created);

        var problem = await (await Partner.Patch($"/v1/opportunities/{made.Id}", new UpdateOpportunityRequest(HoursPerWeekMin: 10), "\"1\""))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["hoursPerWeekMax"], problem.ErrorFields());
        var stored = await (await Partner.GetAsync($"/v1/opportunities/{made.Id}")).Read<OpportunityResponse>();
        Assert.Equal((4, 8), (stored.HoursPerWeekMin, stored.HoursPerWeekMax));
    }
}

/// <summary>Records holding lists compare by reference; this compares them by their JSON.</summary>
public sealed class JsonComparer<T> : IEqualityComparer<T>
{
    public bool Equals(T? x, T? y) =>
        System.Text.Json.JsonSerializer.Serialize(x, BurgerbaanApiFactory.Json) == System.Text.Json.JsonSerializer.Serialize(y, BurgerbaanApiFactory.Json);

    public int GetHashCode(T obj) => 0;
}
