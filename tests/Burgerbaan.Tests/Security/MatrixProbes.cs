using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// One well-formed request for an endpoint of the matrix, and (for writes) a way to tell afterwards whether
/// the write happened, so "allowed" means it did and a refusal means nothing changed. <paramref name="RefusedField"/> is the
/// field a 400 (<see cref="Outcome.Invalid"/>) must name.
/// </summary>
public sealed record Probe(HttpMethod Method, string Path, object? Body = null, Func<Task<bool>>? Happened = null, string? RefusedField = null)
{
    public HttpRequestMessage ToRequest()
    {
        var request = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            request.Content = JsonContent.Create(Body, Body.GetType(), options: BurgerbaanApiFactory.Json);
        }
        if (Method == HttpMethod.Patch || Method == HttpMethod.Put || Method == HttpMethod.Delete)
        {
            request.Headers.TryAddWithoutValidation("If-Match", "*");
        }
        return request;
    }
}

/// <summary>The probe per registry row (hours and money: <see cref="HoursAndMoneyProbes"/>). Writes that change a resource get a fresh target per case.</summary>
public static class MatrixProbes
{
    public static async Task<Probe> For(SecurityWorld w, string endpoint)
    {
        var marker = "probe-" + Guid.NewGuid().ToString("n");
        switch (endpoint)
        {
            case "POST /v1/api-keys":
                return new(HttpMethod.Post, "/v1/api-keys", new CreateApiKeyRequest(marker, ApiRole.Website),
                    () => Exists(w, "SELECT COUNT(*) FROM api_keys WHERE name = @marker", marker));
            case "GET /v1/api-keys":
                return new(HttpMethod.Get, "/v1/api-keys");
            case "DELETE /v1/api-keys/{id}":
                var key = await (await w.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest(marker, ApiRole.Website)))
                    .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
                return new(HttpMethod.Delete, $"/v1/api-keys/{key.Id}", null,
                    () => Exists(w, "SELECT COUNT(*) FROM api_keys WHERE id = @id AND revoked_at IS NOT NULL", key.Id));

            case "POST /v1/organisations":
                return new(HttpMethod.Post, "/v1/organisations", new CreateOrganisationRequest(marker, OrganisationKind.Other),
                    () => Exists(w, "SELECT COUNT(*) FROM organisations WHERE name = @marker", marker));
            case "GET /v1/organisations":
                return new(HttpMethod.Get, "/v1/organisations");
            case "GET /v1/organisations/{id}":
                return new(HttpMethod.Get, $"/v1/organisations/{w.Own.Id}");
            case "PATCH /v1/organisations/{id}":
                // The partner's own organisation, so a partner's 403 is about the role, not about tenancy;
                // the name stays the same and the version tells whether the update went through.
                var orgVersion = await Version(w, "organisations", w.Own.Id);
                return new(HttpMethod.Patch, $"/v1/organisations/{w.Own.Id}", new UpdateOrganisationRequest(Name: w.Own.Name),
                    async () => await Version(w, "organisations", w.Own.Id) != orgVersion);

            case "POST /v1/volunteers":
                return new(HttpMethod.Post, "/v1/volunteers", new CreateVolunteerRequest(marker, "Probe", new LocalDate(1990, 1, 1)),
                    () => Exists(w, "SELECT COUNT(*) FROM volunteers WHERE first_name = @marker", marker));
            case "GET /v1/volunteers":
                return new(HttpMethod.Get, "/v1/volunteers");
            case "GET /v1/volunteers/{id}":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}");
            case "PATCH /v1/volunteers/{id}":
                var volunteer = await w.Volunteer("Patch", "Target");
                return new(HttpMethod.Patch, $"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Phone: "0687654321"),
                    () => Exists(w, "SELECT COUNT(*) FROM volunteers WHERE id = @id AND phone = '0687654321'", volunteer.Id));

            case "POST /v1/volunteers/{volunteerId}/agreements":
                // A fresh volunteer: a second agreement for the same period would be a 409, not a success.
                var signer = await w.Volunteer("Agreement", "Target");
                return new(HttpMethod.Post, $"/v1/volunteers/{signer.Id}/agreements",
                    new CreateAgreementRequest(new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31)),
                    () => Exists(w, "SELECT COUNT(*) FROM agreements WHERE volunteer_id = @id", signer.Id));
            case "GET /v1/volunteers/{volunteerId}/agreements":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/agreements");
            case "GET /v1/volunteers/{volunteerId}/agreements/{agreementId}":
                return new(HttpMethod.Get, $"/v1/volunteers/{w.Volunteer.Id}/agreements/{w.Agreement.Id}");
            case "POST /v1/volunteers/{volunteerId}/agreements/{agreementId}/extend":
                var holder = await w.Volunteer("Extend", "Target");
                var agreement = await w.Agreement(holder.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 6, 30));
                return new(HttpMethod.Post, $"/v1/volunteers/{holder.Id}/agreements/{agreement.Id}/extend", new ExtendAgreementRequest(1),
                    () => Exists(w, "SELECT COUNT(*) FROM agreements WHERE id = @id AND end_date = '2025-07-31'", agreement.Id));

            case "POST /v1/placements":
                return new(HttpMethod.Post, "/v1/placements",
                    new CreatePlacementRequest(w.Volunteer.Id, w.Own.Id, new LocalDate(2025, 2, 1), marker),
                    () => Exists(w, "SELECT COUNT(*) FROM placements WHERE activity = @marker", marker));
            case "GET /v1/placements":
                return new(HttpMethod.Get, "/v1/placements");
            case "GET /v1/placements/{id}":
                return new(HttpMethod.Get, $"/v1/placements/{w.Placement.Id}");
            case "PATCH /v1/placements/{id}":
                // A fresh placement at the partner's own organisation.
                var placement = await w.Placement(w.Volunteer.Id, w.Own.Id, "Patch target");
                return new(HttpMethod.Patch, $"/v1/placements/{placement.Id}", new UpdatePlacementRequest(HoursPerWeek: 8),
                    () => Exists(w, "SELECT COUNT(*) FROM placements WHERE id = @id AND hours_per_week = 8", placement.Id));

            default:
                return await HoursAndMoneyProbes.For(w, endpoint, marker)
                    ?? await SelfServiceProbes.For(w, endpoint)
                    ?? await SponsorProbes.For(w, endpoint, marker)
                    ?? await PublicProbes.For(w, endpoint, marker)
                    ?? SroiReportProbes.For(w, endpoint)
                    ?? await PaymentBatchProbes.For(w, endpoint, marker)
                    ?? await OutsideProbes.For(w, endpoint, marker)
                    ?? ExportProbes.For(w, endpoint)
                    ?? await PrivacyProbes.For(w, endpoint)
                    ?? throw new InvalidOperationException($"No probe for '{endpoint}': add one to {nameof(MatrixProbes)}, {nameof(HoursAndMoneyProbes)}, {nameof(SelfServiceProbes)}, {nameof(SponsorProbes)}, {nameof(PublicProbes)} or {nameof(SroiReportProbes)}.");
        }
    }

    internal static async Task<bool> Exists<T>(SecurityWorld w, string sql, T value) =>
        await w.Scalar<long>(sql, new { marker = value, id = value }) > 0;

    private static Task<long> Version(SecurityWorld w, string table, long id) =>
        w.Scalar<long>($"SELECT version FROM {table} WHERE id = @id", new { id });
}
