using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.People;

/// <summary>Volunteer and organisation helpers for the duplicate, audit and date-of-birth tests; all through the API.</summary>
internal static class PeopleKit
{
    private static int _day;

    /// <summary>A date of birth no other test of the run uses, so tests in one database never match each other by accident.</summary>
    public static LocalDate NewBirthDate() => new LocalDate(1950, 1, 1).PlusDays(Interlocked.Increment(ref _day) * 3);

    public static CreateVolunteerRequest Person(string first, string last, LocalDate born, string? iban = null, IReadOnlyList<long>? confirm = null) =>
        new(first, last, born, null, null, iban ?? Seed.NextIban(), confirm);

    public static async Task<VolunteerResponse> Created(this HttpResponseMessage response) => await response.Read<VolunteerResponse>(HttpStatusCode.Created);

    public static async Task<VolunteerResponse> GetVolunteer(this BurgerbaanApiFactory api, long id) =>
        await (await api.Admin().GetAsync($"/v1/volunteers/{id}")).Read<VolunteerResponse>();

    public static async Task<IReadOnlyList<VolunteerResponse>> AllVolunteers(this BurgerbaanApiFactory api)
    {
        var all = new List<VolunteerResponse>();
        string? cursor = null;
        do
        {
            var page = await (await api.Admin().GetAsync("/v1/volunteers?limit=200" + (cursor is null ? "" : "&cursor=" + cursor))).Read<Page<VolunteerResponse>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public static async Task<IReadOnlyList<OrganisationResponse>> AllOrganisations(this BurgerbaanApiFactory api) =>
        (await (await api.Admin().GetAsync("/v1/organisations?limit=200")).Read<Page<OrganisationResponse>>()).Items;

    /// <summary>PATCH with the volunteer's current ETag.</summary>
    public static async Task<HttpResponseMessage> PatchVolunteer(this BurgerbaanApiFactory api, long id, object body)
    {
        var current = await api.Admin().GetAsync($"/v1/volunteers/{id}");
        current.EnsureSuccessStatusCode();
        return await api.Admin().Patch($"/v1/volunteers/{id}", body, current.Headers.ETag!.Tag);
    }

    public static async Task<HttpResponseMessage> PatchOrganisation(this BurgerbaanApiFactory api, long id, object body)
    {
        var current = await api.Admin().GetAsync($"/v1/organisations/{id}");
        current.EnsureSuccessStatusCode();
        return await api.Admin().Patch($"/v1/organisations/{id}", body, current.Headers.ETag!.Tag);
    }

    public static long[] Ids(this JsonNode? node) => node!.AsArray().Select(n => (long)n!).ToArray();

    /// <summary>Asserts the whole possible_duplicate problem: every existing id, and per rule the ids it matched.</summary>
    public static async Task<JsonObject> Duplicate(this HttpResponseMessage response, long[] existing, long[]? byName = null, long[]? byIban = null)
    {
        var problem = await response.Problem(HttpStatusCode.Conflict, "possible_duplicate");
        Assert.Equal("Possible duplicate", (string?)problem["title"]);
        Assert.Equal(existing, problem["existingIds"].Ids());
        var matchedOn = problem["matchedOn"]!.AsObject();
        var expected = new Dictionary<string, long[]>();
        if (byName is not null)
        {
            expected["nameAndDateOfBirth"] = byName;
        }
        if (byIban is not null)
        {
            expected["iban"] = byIban;
        }
        Assert.Equal(expected.OrderBy(e => e.Key), matchedOn.ToDictionary(p => p.Key, p => p.Value.Ids()).OrderBy(e => e.Key));
        Assert.Contains($"confirmDistinctFrom: [{string.Join(", ", existing)}]", (string?)problem["detail"], StringComparison.Ordinal);
        return problem;
    }
}
