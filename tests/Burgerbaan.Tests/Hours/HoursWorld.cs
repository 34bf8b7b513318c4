using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Hours;

/// <summary>
/// A volunteer placed at two organisations (A and B) since 2024-01-01, with an allowance agreement for
/// 2024-2025 and partner keys for both organisations. Each test builds its own, so tests share nothing.
/// The factory's clock says 2025-03-14.
/// </summary>
internal sealed record HoursWorld(
    BurgerbaanApiFactory Api, long OrgA, long OrgB, long VolunteerId, long PlacementA, long PlacementB, HttpClient PartnerA, HttpClient PartnerB)
{
    public static async Task<HoursWorld> Create(BurgerbaanApiFactory api, LocalDate? born = null, long? rate = 500, long? budget = null)
    {
        var a = await api.Organisation("Org A " + Guid.NewGuid().ToString("n")[..6]);
        var b = await api.Organisation("Org B " + Guid.NewGuid().ToString("n")[..6], OrganisationKind.Care);
        var volunteer = await api.Volunteer(born: born ?? new LocalDate(1980, 5, 1));
        await api.Agreement(volunteer.Id, new LocalDate(2024, 1, 1), new LocalDate(2025, 12, 31), rate, budget);
        var pa = await Place(api, volunteer.Id, a.Id);
        var pb = await Place(api, volunteer.Id, b.Id);
        return new HoursWorld(api, a.Id, b.Id, volunteer.Id, pa, pb, api.Client(ApiRole.Partner, a.Id), api.Client(ApiRole.Partner, b.Id));
    }

    public static async Task<long> Place(BurgerbaanApiFactory api, long volunteerId, long organisationId, LocalDate? start = null, LocalDate? end = null) =>
        (await (await api.Admin().PostJson("/v1/placements",
            new CreatePlacementRequest(volunteerId, organisationId, start ?? new LocalDate(2024, 1, 1), "Gastvrouw", end)))
            .Read<PlacementResponse>(HttpStatusCode.Created)).Id;

    public static HourEntryInput Entry(string externalId, long placementId, LocalDate date, int minutes = 120, string? description = null) =>
        new(externalId, placementId, date, minutes, description);

    public static Task<HttpResponseMessage> Submit(HttpClient client, params HourEntryInput[] entries) =>
        client.PostJson("/v1/hours", new SubmitHoursRequest(entries));

    /// <summary>Submits through partner A and approves as admin; returns the entries.</summary>
    public async Task<IReadOnlyList<HourEntryResponse>> Approved(params HourEntryInput[] entries)
    {
        var submitted = await (await Submit(PartnerA, entries)).Read<HourEntriesResponse>();
        var approved = await (await Api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(submitted.Items.Select(i => i.Id).ToList())))
            .Read<HourEntriesResponse>();
        return approved.Items;
    }

    /// <summary>Hour entries as the client sees them (partners are narrowed to their organisation by the API).</summary>
    public static async Task<IReadOnlyList<HourEntryResponse>> List(HttpClient client, string query = "") =>
        (await (await client.GetAsync("/v1/hours?limit=200" + query)).Read<Page<HourEntryResponse>>()).Items;
}

/// <summary>
/// Refusals as a client reads them: every refusal names the offending field (or, without fields, says why in its
/// detail) with a message that is not blank. The texts themselves are not pinned.
/// </summary>
internal static class HourProblems
{
    /// <summary>Asserts a 400 <c>validation_failed</c> whose <c>errors</c> name exactly <paramref name="fields"/>, each with non-blank messages.</summary>
    public static async Task<JsonObject> Invalid(this HttpResponseMessage response, params string[] fields)
    {
        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(fields.Order(StringComparer.Ordinal), problem.ErrorFields());
        Assert.All(problem["errors"]!.AsObject(), field =>
        {
            var messages = field.Value!.AsArray();
            Assert.NotEmpty(messages);
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace((string?)m), $"{field.Key} has a blank message"));
        });
        return problem;
    }

    /// <summary>Asserts a problem with this status and code whose <c>detail</c> says why (is not blank).</summary>
    public static async Task<JsonObject> Explained(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var problem = await response.Problem(status, code);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), "the problem's detail is blank");
        return problem;
    }
}
