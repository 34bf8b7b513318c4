using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Website;

public sealed class FaqTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private HttpClient Coordinator => api.Client(ApiRole.Coordinator);

    private async Task<FaqEntryResponse> Add(string question, string category, int position, bool published = true, FaqLanguage lang = FaqLanguage.Nl) =>
        await (await Coordinator.PostJson("/v1/faq", new FaqEntryRequest(question, "Antwoord op: " + question, category, position, lang, published)))
            .Read<FaqEntryResponse>(HttpStatusCode.Created);

    private async Task<FaqList> Public(string query = "") => await (await api.Anonymous().GetAsync("/v1/faq" + query)).Read<FaqList>();

    [Fact]
    public async Task The_public_reads_published_entries_of_one_language_by_category_and_position()
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var money2 = await Add("Krijg ik een ov-kaart?", "Geld " + tag, 2);
        var money1 = await Add("Is armoede een selectiecriterium?", "Geld " + tag, 1);
        var signUp = await Add("Hoe meld ik me aan?", "Aanmelden " + tag, 5);
        await Add("Concept: nog niet klaar", "Geld " + tag, 0, published: false);
        var english = await Add("Is poverty a selection criterion?", "Money " + tag, 1, lang: FaqLanguage.En);

        var dutch = (await Public()).Items.Where(e => e.Category.EndsWith(tag, StringComparison.Ordinal)).ToList();
        var money = (await Public($"?category=Geld%20{tag}")).Items;
        var inEnglish = (await Public("?lang=en")).Items.Where(e => e.Category.EndsWith(tag, StringComparison.Ordinal)).ToList();

        Assert.Equal([signUp.Id, money1.Id, money2.Id], dutch.Select(e => e.Id));
        Assert.Equal(new PublicFaqEntry(money1.Id, money1.Question, money1.Answer, money1.Category, 1, FaqLanguage.Nl), dutch[1]);
        Assert.Equal([money1.Id, money2.Id], money.Select(e => e.Id));
        Assert.Equal([english.Id], inEnglish.Select(e => e.Id));
    }

    [Fact]
    public async Task The_public_list_is_cacheable_with_an_etag_that_answers_304_until_something_changes()
    {
        var entry = await Add("Wat kost het?", "Kosten", 1);
        using var first = await api.Anonymous().GetAsync("/v1/faq");
        var etag = first.Headers.ETag!;
        Assert.Equal("public, max-age=300", first.Headers.CacheControl?.ToString());

        var request = new HttpRequestMessage(HttpMethod.Get, "/v1/faq");
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await api.Anonymous().SendAsync(request);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal("public, max-age=300", again.Headers.CacheControl?.ToString());

        using var read = await Coordinator.GetAsync($"/v1/faq/{entry.Id}");
        var put = new HttpRequestMessage(HttpMethod.Put, $"/v1/faq/{entry.Id}")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new FaqEntryRequest("Wat kost het mij?", entry.Answer, "Kosten", 1, Published: true), options: BurgerbaanApiFactory.Json),
        };
        put.Headers.IfMatch.Add(read.Headers.ETag!);
        (await Coordinator.SendAsync(put)).EnsureSuccessStatusCode();
        var changed = new HttpRequestMessage(HttpMethod.Get, "/v1/faq");
        changed.Headers.IfNoneMatch.Add(etag);
        using var fresh = await api.Anonymous().SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(etag, fresh.Headers.ETag);
        Assert.Contains((await fresh.Read<FaqList>()).Items, e => e.Question == "Wat kost het mij?");
    }

    [Fact]
    public async Task A_bad_filter_is_a_400_that_no_cache_keeps()
    {
        using var response = await api.Anonymous().GetAsync("/v1/faq?lang=de");

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["lang"], problem.ErrorFields());
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Coordinators_replace_and_delete_with_etags_and_read_back_what_they_wrote()
    {
        var entry = await Add("Mag ik stoppen?", "Afspraken", 3, published: false);
        var url = $"/v1/faq/{entry.Id}";
        var replacement = new FaqEntryRequest("Mag ik altijd stoppen?", "Ja, **altijd**.\n\n- bel ons\n- of mail", "Afspraken", 4, FaqLanguage.Nl, true,
            entry.Id, entry.CreatedAt, entry.UpdatedAt);

        await (await Coordinator.SendAsync(Put(url, replacement, null))).Problem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await Coordinator.SendAsync(Put(url, replacement, "\"7\""))).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await (await Coordinator.SendAsync(Put(url, replacement with { Id = entry.Id + 1000 }, "\"1\""))).Problem(HttpStatusCode.BadRequest, "validation_failed");
        using var replaced = await Coordinator.SendAsync(Put(url, replacement, "\"1\""));
        Assert.Equal("\"2\"", replaced.Headers.ETag?.ToString());

        var stored = await (await Coordinator.GetAsync(url)).Read<FaqEntryResponse>();
        Assert.Equal(new FaqEntryResponse(entry.Id, "Mag ik altijd stoppen?", "Ja, **altijd**.\n\n- bel ons\n- of mail", "Afspraken", 4, FaqLanguage.Nl, true,
            entry.CreatedAt, api.Clock.GetCurrentInstant()), stored);
        Assert.Contains((await Public()).Items, e => e.Id == entry.Id);

        var stale = new HttpRequestMessage(HttpMethod.Delete, url);
        stale.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        await (await Coordinator.SendAsync(stale)).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var delete = new HttpRequestMessage(HttpMethod.Delete, url);
        delete.Headers.TryAddWithoutValidation("If-Match", "\"2\"");
        Assert.Equal(HttpStatusCode.NoContent, (await Coordinator.SendAsync(delete)).StatusCode);
        await (await Coordinator.GetAsync(url)).Problem(HttpStatusCode.NotFound, "not_found");
        Assert.DoesNotContain((await Public()).Items, e => e.Id == entry.Id);
    }

    private static HttpRequestMessage Put(string url, FaqEntryRequest body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = System.Net.Http.Json.JsonContent.Create(body, options: BurgerbaanApiFactory.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return request;
    }
}
