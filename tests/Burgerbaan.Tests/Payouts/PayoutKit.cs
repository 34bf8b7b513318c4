using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Payouts;

/// <summary>A volunteer with one allowance agreement, ready to be paid.</summary>
public sealed record Enrolled(long VolunteerId, long AgreementId);

/// <summary>An API key made through the API: its id (as the audit trail and idempotency store see it) and a client carrying it.</summary>
public sealed record KeyedClient(long KeyId, ApiRole Role, HttpClient Client);

/// <summary>What the database holds for one volunteer's payouts, read straight from the file.</summary>
public sealed record StoredRows(long Payouts, long AuditRows, long YearCounted, long MonthRows);

/// <summary>Payout helpers shared by the payout test classes; everything goes through the API except <see cref="StoredFor"/>.</summary>
public static class PayoutKit
{
    public static readonly LocalDate YearStart = new(2025, 1, 1);
    public static readonly LocalDate YearEnd = new(2025, 12, 31);

    public static HttpClient Finance(this BurgerbaanApiFactory api) => api.Client(ApiRole.Finance);

    /// <summary>A new volunteer with an agreement over <paramref name="start"/>..<paramref name="end"/> (all of 2025 by default).</summary>
    public static async Task<Enrolled> Enrol(this BurgerbaanApiFactory api, LocalDate? start = null, LocalDate? end = null, long? budget = null, LocalDate? born = null)
    {
        var volunteer = await api.Volunteer(born: born);
        var agreement = await api.Agreement(volunteer.Id, start ?? YearStart, end ?? YearEnd, budget: budget);
        return new Enrolled(volunteer.Id, agreement.Id);
    }

    public static async Task<KeyedClient> NewKey(this BurgerbaanApiFactory api, ApiRole role, string name = "payout test key")
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest(name, role)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        return new KeyedClient(created.Id, role, api.WithKey(created.Key));
    }

    public static CreatePayoutRequest Payout(long volunteerId, long amountCents, int month, PayoutKind kind = PayoutKind.Allowance,
        int year = 2025, string? receipt = null, string? description = null) =>
        new(volunteerId, kind, amountCents, new YearMonth(year, month), description, receipt);

    public static Task<HttpResponseMessage> Post(this HttpClient client, CreatePayoutRequest request, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/payouts") { Content = JsonContent.Create(request, options: BurgerbaanApiFactory.Json) };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(message);
    }

    /// <summary>Creates a payout that must be accepted.</summary>
    public static async Task<PayoutResponse> Pay(this HttpClient client, CreatePayoutRequest request) =>
        await (await client.Post(request)).Read<PayoutResponse>(HttpStatusCode.Created);

    public static Task<HttpResponseMessage> Act(this HttpClient client, long payoutId, string action, string? ifMatch = null, string? reason = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/payouts/{payoutId}/{action}");
        if (reason is not null)
        {
            message.Content = JsonContent.Create(new PayoutActionRequest(reason), options: BurgerbaanApiFactory.Json);
        }
        if (ifMatch is not null)
        {
            message.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return client.SendAsync(message);
    }

    public static async Task<AllowanceHeadroomResponse> Headroom(this HttpClient client, long volunteerId, int year = 2025) =>
        await (await client.GetAsync($"/v1/volunteers/{volunteerId}/allowance/{year}")).Read<AllowanceHeadroomResponse>();

    public static long MonthCounted(this AllowanceHeadroomResponse headroom, int month) => headroom.Months[month - 1].CountedCents;

    /// <summary>Every payout of the volunteer, all pages.</summary>
    public static async Task<List<PayoutResponse>> Payouts(this HttpClient client, long volunteerId, string? extra = null)
    {
        var all = new List<PayoutResponse>();
        string? cursor = null;
        do
        {
            var url = $"/v1/payouts?volunteerId={volunteerId}&limit=200{extra}" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await (await client.GetAsync(url)).Read<Page<PayoutResponse>>();
            all.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return all;
    }

    public static async Task<IReadOnlyList<AuditEntryResponse>> Audit(this HttpClient client, string entity, long entityId) =>
        (await (await client.GetAsync($"/v1/audit?entity={entity}&entityId={entityId}&limit=200")).Read<Page<AuditEntryResponse>>()).Items;

    /// <summary>Rows of this volunteer in payouts, audit_log (payout rows naming the volunteer) and the running totals.</summary>
    public static async Task<StoredRows> StoredFor(this BurgerbaanApiFactory api, long volunteerId, int year = 2025)
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return new StoredRows(
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM payouts WHERE volunteer_id = @volunteerId", new { volunteerId }),
            await c.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM audit_log WHERE entity = 'payout' AND json_extract(summary, '$.after.volunteerId') = @volunteerId", new { volunteerId }),
            await c.ExecuteScalarAsync<long?>("SELECT counted_cents FROM allowance_year_totals WHERE volunteer_id = @volunteerId AND year = @year",
                new { volunteerId, year }) ?? 0,
            await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM allowance_month_totals WHERE volunteer_id = @volunteerId AND counted_cents > 0",
                new { volunteerId }));
    }

    public static async Task<long> IdempotencyKeysOf(this BurgerbaanApiFactory api, long apiKeyId)
    {
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        return await c.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM idempotency_keys WHERE api_key_id = @apiKeyId", new { apiKeyId });
    }
}
