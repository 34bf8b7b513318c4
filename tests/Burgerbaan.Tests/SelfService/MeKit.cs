using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.SelfService;

/// <summary>A volunteer's own key, made as a coordinator makes it: POST /v1/api-keys {role: volunteer, volunteerId}.</summary>
public sealed record VolunteerKey(long KeyId, long VolunteerId, HttpClient Client);

public static class MeKit
{
    public static async Task<VolunteerKey> VolunteerKey(this BurgerbaanApiFactory api, long volunteerId, HttpClient? creator = null)
    {
        var created = await (await (creator ?? api.Client(ApiRole.Coordinator)).PostJson("/v1/api-keys",
                new CreateApiKeyRequest("mijn burgerbaan", ApiRole.Volunteer, VolunteerId: volunteerId)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        return new VolunteerKey(created.Id, volunteerId, api.WithKey(created.Key));
    }

    /// <summary>Every item of a /v1/me list, following nextCursor page by page with the given page size.</summary>
    public static async Task<List<T>> All<T>(this HttpClient client, string path, int limit = 200)
    {
        var all = new List<T>();
        string? cursor = null;
        var separator = path.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        do
        {
            var page = await (await client.GetAsync($"{path}{separator}limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))))
                .Read<Page<T>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    /// <summary>Sets a volunteer's active flag as a coordinator does (PATCH with the current ETag).</summary>
    public static async Task SetActive(this BurgerbaanApiFactory api, long volunteerId, bool active)
    {
        using var read = await api.Admin().GetAsync($"/v1/volunteers/{volunteerId}");
        var changed = await (await api.Admin().Patch($"/v1/volunteers/{volunteerId}", new UpdateVolunteerRequest(Active: active), read.Headers.ETag!.Tag))
            .Read<VolunteerResponse>();
        Assert.Equal(active, changed.Active);
    }
}
