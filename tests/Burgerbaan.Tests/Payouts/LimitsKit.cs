using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.Payouts;

/// <summary>PUT and GET of a year's limits with their preconditions.</summary>
public static class LimitsKit
{
    public static Task<HttpResponseMessage> PutLimits(this HttpClient client, int year, object body, string? ifMatch = null, string? ifNoneMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/v1/allowance-limits/{year}") { Content = JsonContent.Create(body, body.GetType(), options: BurgerbaanApiFactory.Json) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        if (ifNoneMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", ifNoneMatch);
        }
        return client.SendAsync(request);
    }

    /// <summary>The year's limits and their ETag, as GET answers them.</summary>
    public static async Task<(AllowanceLimitsResponse Limits, string ETag)> GetLimits(this HttpClient client, int year)
    {
        var response = await client.GetAsync($"/v1/allowance-limits/{year}");
        var limits = await response.Read<AllowanceLimitsResponse>();
        return (limits, response.Headers.ETag?.Tag ?? throw new InvalidOperationException("GET answered no ETag"));
    }

    /// <summary>Replaces an existing year with the ETag of a fresh read, as a careful client does.</summary>
    public static async Task<HttpResponseMessage> ReplaceLimits(this HttpClient client, BurgerbaanApiFactory api, int year, PutAllowanceLimitsRequest body) =>
        await client.PutLimits(year, body, (await api.Finance().GetLimits(year)).ETag);

    public static PutAllowanceLimitsRequest AsRequest(this AllowanceLimitsResponse l) =>
        new(l.AnnualCents, l.MonthlyCents, l.HourlyCents, l.HourlyUnder21Cents);

    public static async Task<AllowanceLimitsResponse> ReadLimits(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK) =>
        await response.Read<AllowanceLimitsResponse>(status);
}
