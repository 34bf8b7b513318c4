using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Tests.Audit;

/// <summary>One audit entry flattened for whole-row comparison: who, what, which, when and the summary's exact JSON.</summary>
public sealed record Audited(string Action, string Entity, long EntityId, long? KeyId, string? KeyName, ApiRole? Role, Instant At, string Summary)
{
    public static Audited Of(AuditEntryResponse e) => new(e.Action, e.Entity, e.EntityId, e.ApiKeyId, e.ApiKeyName, e.Role, e.At, e.Summary.GetRawText());
}

public static class AuditReading
{
    /// <summary>Every entry the query selects, following nextCursor page by page.</summary>
    public static async Task<List<AuditEntryResponse>> Trail(this HttpClient client, string query, int limit = 200)
    {
        var all = new List<AuditEntryResponse>();
        string? cursor = null;
        do
        {
            var url = $"/v1/audit?{query}&limit={limit}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await client.GetAsync(url)).Read<Page<AuditEntryResponse>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public static async Task<List<Audited>> AuditRows(this HttpClient client, string query) =>
        (await client.Trail(query)).Select(Audited.Of).ToList();

    /// <summary>An instant as the query string takes it (ISO-8601 UTC).</summary>
    public static string Iso(Instant at) => Uri.EscapeDataString(InstantPattern.ExtendedIso.Format(at));
}
