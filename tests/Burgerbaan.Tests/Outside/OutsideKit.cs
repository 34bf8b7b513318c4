using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Outside;

/// <summary>Helpers for allowances declared from other organisations and the annual statement; everything through the API.</summary>
public static class OutsideKit
{
    public static CreateOutsideAllowanceRequest Declaration(int month, long amountCents, OutsideAllowanceKind kind = OutsideAllowanceKind.Allowance,
        string organisation = "Voedselbank Almere", int year = 2025, string? evidence = null) =>
        new(new YearMonth(year, month), amountCents, organisation, kind, evidence);

    public static Task<HttpResponseMessage> Declare(this HttpClient client, long volunteerId, CreateOutsideAllowanceRequest request, string? idempotencyKey = null)
    {
        var message = new HttpRequestMessage(HttpMethod.Post, $"/v1/volunteers/{volunteerId}/outside-allowances")
        {
            Content = JsonContent.Create(request, options: BurgerbaanApiFactory.Json),
        };
        if (idempotencyKey is not null)
        {
            message.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return client.SendAsync(message);
    }

    /// <summary>A declaration that must be recorded.</summary>
    public static async Task<OutsideAllowanceResponse> Declared(this HttpClient client, long volunteerId, CreateOutsideAllowanceRequest request) =>
        await (await client.Declare(volunteerId, request)).Read<OutsideAllowanceResponse>(HttpStatusCode.Created);

    public static async Task<IReadOnlyList<OutsideAllowanceResponse>> OutsideAllowances(this HttpClient client, long volunteerId) =>
        (await (await client.GetAsync($"/v1/volunteers/{volunteerId}/outside-allowances?limit=200")).Read<Page<OutsideAllowanceResponse>>()).Items;

    public static async Task<OutsideAllowanceResponse> OutsideAllowance(this HttpClient client, long volunteerId, long id) =>
        await (await client.GetAsync($"/v1/volunteers/{volunteerId}/outside-allowances/{id}")).Read<OutsideAllowanceResponse>();

    public static Task<HttpResponseMessage> Remove(this HttpClient client, long volunteerId, long id) =>
        client.DeleteAsync($"/v1/volunteers/{volunteerId}/outside-allowances/{id}");

    public static async Task<AnnualStatementResponse> Statement(this HttpClient client, long volunteerId, int year = 2025) =>
        await (await client.GetAsync($"/v1/volunteers/{volunteerId}/statements/{year}")).Read<AnnualStatementResponse>();
}
