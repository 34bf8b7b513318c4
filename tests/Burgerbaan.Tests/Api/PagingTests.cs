using System.Net;
using System.Text;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Api;

public sealed class PagingTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    public static TheoryData<string> Lists => new()
    {
        "/v1/organisations", "/v1/volunteers", "/v1/placements", "/v1/api-keys", "/v1/volunteers/{volunteer}/agreements",
    };

    private async Task<string> Path(string template) =>
        template.Replace("{volunteer}", (await api.Volunteer()).Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static string Cursor(string text) => Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Limit_outside_1_to_200_or_not_a_number_is_refused(string list)
    {
        var path = await Path(list);
        foreach (var limit in new[] { "0", "201", "-1", "abc", "1.5", "99999999999" })
        {
            var problem = await (await api.Admin().GetAsync($"{path}?limit={limit}")).Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(["limit"], problem.ErrorFields());
        }
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Limits_1_and_200_are_accepted(string list)
    {
        var path = await Path(list);

        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync($"{path}?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.Admin().GetAsync($"{path}?limit=200")).StatusCode);
    }

    [Theory]
    [MemberData(nameof(Lists))]
    public async Task Cursor_not_handed_out_by_the_service_is_refused(string list)
    {
        var path = await Path(list);
        foreach (var cursor in new[] { "garbage!!", "abc", "a", "%00", Cursor("v1:0"), Cursor("v1:-3"), Cursor("v2:5"), Cursor("v1:1x"), Cursor("v1:99999999999999999999") })
        {
            var problem = await (await api.Admin().GetAsync($"{path}?cursor={cursor}")).Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal(["cursor"], problem.ErrorFields());
        }
    }

    [Fact]
    public async Task Filter_of_the_wrong_type_is_refused_naming_it()
    {
        var problem = await (await api.Admin().GetAsync("/v1/placements?volunteerId=abc")).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["volunteerId"], problem.ErrorFields());
    }

    [Fact]
    public async Task Organisations_are_walked_page_by_page() =>
        await Walk("/v1/organisations", async i => (await api.Organisation($"Paged {i}")).Id);

    [Fact]
    public async Task Volunteers_are_walked_page_by_page() =>
        await Walk("/v1/volunteers", async i => (await api.Volunteer($"Paged{i}")).Id);

    [Fact]
    public async Task Api_keys_are_walked_page_by_page() =>
        await Walk("/v1/api-keys", async i => (await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest($"paged {i}", ApiRole.Website)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created)).Id);

    [Fact]
    public async Task Placements_are_walked_page_by_page()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();
        await Walk("/v1/placements", async i => (await api.Placement(volunteer.Id, organisation.Id, $"Paged {i}")).Id);
    }

    [Fact]
    public async Task Agreements_are_walked_page_by_page()
    {
        var volunteer = await api.Volunteer();
        await Walk($"/v1/volunteers/{volunteer.Id}/agreements",
            async i => (await api.Agreement(volunteer.Id, new LocalDate(2020 + i, 1, 1), new LocalDate(2020 + i, 12, 31))).Id);
    }

    /// <summary>
    /// Creates five items, then follows nextCursor with limit=2: every created item comes exactly once, ids
    /// ascend across pages, no page is larger than the limit, and the last page has no nextCursor.
    /// </summary>
    private async Task Walk(string path, Func<int, Task<long>> create)
    {
        var created = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            created.Add(await create(i));
        }

        var seen = new List<long>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"{path}?limit=2" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await api.Admin().GetAsync(url)).Read<Page<IdOnly>>();
            Assert.InRange(page.Items.Count, 1, 2);
            Assert.True(page.NextCursor is null || page.Items.Count == 2, "a page before the last is full");
            seen.AddRange(page.Items.Select(item => item.Id));
            cursor = page.NextCursor;
            Assert.True(++pages <= 100, "paging does not end");
        }
        while (cursor is not null);

        Assert.Equal(seen.Order(), seen);
        Assert.Equal(seen.Distinct(), seen);
        Assert.Equal(created, seen.Where(created.Contains));
    }

    /// <summary>Only the id of each item matters here; the other fields are read into nothing.</summary>
    private sealed record IdOnly(long Id)
    {
        [System.Text.Json.Serialization.JsonExtensionData]
        public Dictionary<string, System.Text.Json.JsonElement>? Rest { get; init; }
    }
}
