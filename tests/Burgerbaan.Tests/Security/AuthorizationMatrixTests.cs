using System.Net;
using System.Text.RegularExpressions;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Burgerbaan.Tests.Security;

public enum Outcome
{
    /// <summary>2xx: the well-formed request did what it asks.</summary>
    Allowed,
    /// <summary>401 unauthorized, with WWW-Authenticate: Bearer.</summary>
    Unauthorized,
    /// <summary>403 forbidden: the role may not do this.</summary>
    Forbidden,
    /// <summary>404 not_found: another organisation's data, shown as if it did not exist.</summary>
    NotFound,
    /// <summary>400 validation_failed naming the body field that holds another organisation's id, as it would a missing one.</summary>
    Invalid,
}

/// <summary>
/// Who may call what (DESIGN.md, "Resources (v1)"). Every cell is its own test case; the guard test fails
/// when the app maps a /v1 endpoint that the table does not list, so none goes unreviewed.
/// "partner" is the key of the organisation that owns the seeded placement, "other" a partner key of another.
/// Approving and rejecting hours is the cooperative's check on what partners report, so partners may not (coordinator+).
/// </summary>
public sealed partial class AuthorizationMatrixTests(SecurityWorld world) : IClassFixture<SecurityWorld>
{
    private const Outcome A = Outcome.Allowed, U = Outcome.Unauthorized, F = Outcome.Forbidden, N = Outcome.NotFound, I = Outcome.Invalid;

    private static readonly Rule[] Matrix =
    [
        //   endpoint                                                             anon admin finance coord partner other website
        new("POST /v1/api-keys",                                                  U,   A,    F,      F,    F,      F,    F),
        new("GET /v1/api-keys",                                                   U,   A,    F,      F,    F,      F,    F),
        new("DELETE /v1/api-keys/{id}",                                           U,   A,    F,      F,    F,      F,    F),
        new("POST /v1/organisations",                                             U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/organisations",                                              U,   A,    A,      A,    A,      A,    F),
        new("GET /v1/organisations/{id}",                                         U,   A,    A,      A,    A,      N,    F),
        new("PATCH /v1/organisations/{id}",                                       U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/volunteers",                                                U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/volunteers",                                                 U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/volunteers/{id}",                                            U,   A,    A,      A,    F,      F,    F),
        new("PATCH /v1/volunteers/{id}",                                          U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/volunteers/{volunteerId}/agreements",                       U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/agreements",                        U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/agreements/{agreementId}",          U,   A,    A,      A,    F,      F,    F),
        new("POST /v1/volunteers/{volunteerId}/agreements/{agreementId}/extend",  U,   A,    A,      A,    F,      F,    F),
        new("POST /v1/placements",                                                U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/placements",                                                 U,   A,    A,      A,    A,      A,    F),
        new("GET /v1/placements/{id}",                                            U,   A,    A,      A,    A,      N,    F),
        new("PATCH /v1/placements/{id}",                                          U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/hours",                                                     U,   A,    F,      A,    A,      I,    F),
        new("GET /v1/hours",                                                      U,   A,    A,      A,    A,      A,    F),
        new("POST /v1/hours/{id}/approve",                                        U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/hours/{id}/reject",                                         U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/hours/approve",                                             U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/placements/{id}/hours/summary",                              U,   A,    A,      A,    A,      N,    F),
        new("GET /v1/allowance-limits",                                           U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/allowance-limits/{year}",                                    U,   A,    A,      F,    F,      F,    F),
        new("PUT /v1/allowance-limits/{year}",                                    U,   A,    F,      F,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/allowance/{year}",                  U,   A,    A,      A,    F,      F,    F),
        new("POST /v1/payouts",                                                   U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payouts",                                                    U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payouts/{id}",                                               U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/{id}/approve",                                      U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/{id}/mark-paid",                                    U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/{id}/cancel",                                       U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/{id}/reject",                                       U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payout-runs",                                               U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payout-runs",                                                U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payout-runs/{id}",                                           U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/audit",                                                      U,   A,    A,      F,    F,      F,    F),

        // Self-service: a volunteer key reads and changes only its own volunteer, under /v1/me, and is refused (403) on
        // every row above (the Volunteer column's default); no other key has a "me".
        //   endpoint                                                             anon admin finance coord partner other website volunteer
        new("GET /v1/me",                                                         U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("PATCH /v1/me",                                                       U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/agreements",                                              U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/placements",                                              U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/hours",                                                   U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/payouts",                                                 U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/allowance/{year}",                                        U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("GET /v1/me/sponsor-consents",                                        U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        new("POST /v1/me/sponsor-consents/{allocationId}/revoke",                 U,   F,    F,      F,    F,      F,    F,      Volunteer: A),
        // Sponsors and SROI (issue 8); the sponsor keys' cells are in AuthorizationMatrixTests.Sponsors.cs.
        new("POST /v1/sponsors",                                                  U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/sponsors",                                                   U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/sponsors/{id}",                                              U,   A,    A,      A,    F,      F,    F),
        new("PATCH /v1/sponsors/{id}",                                            U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/sponsors/{sponsorId}/obligations",                          U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/sponsors/{sponsorId}/obligations",                           U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/sponsors/{sponsorId}/obligations/{obligationId}",            U,   A,    A,      A,    F,      F,    F),
        new("PATCH /v1/sponsors/{sponsorId}/obligations/{obligationId}",          U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/sponsorships",                                              U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/sponsorships",                                               U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/sponsorships/{id}",                                          U,   A,    A,      A,    F,      F,    F),
        new("PATCH /v1/sponsorships/{id}",                                        U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/sponsorships/{sponsorshipId}/allocations",                  U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/sponsorships/{sponsorshipId}/allocations",                   U,   A,    A,      A,    F,      F,    F),
        new("POST /v1/sponsorships/{sponsorshipId}/allocations/{allocationId}/end", U, A,    F,      A,    F,      F,    F),
        new("POST /v1/volunteers/{volunteerId}/sponsor-consents/{allocationId}/revoke", U, A, F,     A,    F,      F,    F),
        // Issue 9: the website's public endpoints (anonymous, so every key may call them too) and the coordinators' side.
        new("POST /v1/applications",                                              A,   A,    A,      A,    A,      A,    A, Volunteer: A),
        new("GET /v1/applications",                                               U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/applications/{id}",                                          U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/applications/{id}/contacted",                               U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/applications/{id}/accept",                                  U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/applications/{id}/decline",                                 U,   A,    F,      A,    F,      F,    F),
        new("POST /v1/applications/{id}/withdraw",                                U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/faq",                                                        A,   A,    A,      A,    A,      A,    A, Volunteer: A),
        new("POST /v1/faq",                                                       U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/faq/{id}",                                                   U,   A,    F,      A,    F,      F,    F),
        new("PUT /v1/faq/{id}",                                                   U,   A,    F,      A,    F,      F,    F),
        new("DELETE /v1/faq/{id}",                                                U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/opportunities",                                              A,   A,    A,      A,    A,      A,    A, Volunteer: A),
        new("POST /v1/opportunities",                                             U,   A,    F,      A,    A,      I,    F),
        new("GET /v1/opportunities/{id}",                                         U,   A,    F,      A,    A,      N,    F),
        new("PATCH /v1/opportunities/{id}",                                       U,   A,    F,      A,    A,      N,    F),
        new("GET /v1/stats",                                                      A,   A,    A,      A,    A,      A,    A, Volunteer: A),
        // Matching (issue 9): coordinators' work on personal data; finance has no use for it.
        new("GET /v1/applications/{id}/matches",                                  U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/volunteers/{id}/matches",                                    U,   A,    F,      A,    F,      F,    F),
        new("GET /v1/volunteers/{id}/wishes",                                     U,   A,    F,      A,    F,      F,    F),
        new("PUT /v1/volunteers/{id}/wishes",                                     U,   A,    F,      A,    F,      F,    F),
        // Issue 8, money side: the SROI reports (sponsor keys: own sponsor only, AuthorizationMatrixTests.Sponsors.cs).
        new("GET /v1/sponsors/{id}/sroi-report",                                  U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/sponsors/{id}/obligations/{obligationId}/sroi-report",       U,   A,    A,      A,    F,      F,    F),
        // Issue 10: bulk payout actions (the four-eyes cells, creator vs other key: AuthorizationMatrixTests.FourEyes.cs).
        new("POST /v1/payouts/approve",                                           U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/cancel",                                            U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payouts/reject",                                            U,   A,    A,      F,    F,      F,    F),
        // Issue 10: payment batches and their SEPA files, money: finance and admin only.
        new("POST /v1/payment-batches",                                           U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payment-batches",                                            U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payment-batches/{id}",                                       U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/payment-batches/{id}/pain.001",                              U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payment-batches/{id}/mark-paid",                            U,   A,    A,      F,    F,      F,    F),
        new("POST /v1/payment-batches/{id}/void",                                 U,   A,    A,      F,    F,      F,    F),
        // Issue 10: allowances declared from other organisations (finance and admin write, coordinators read too) and the annual statement.
        new("POST /v1/volunteers/{volunteerId}/outside-allowances",               U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/outside-allowances",                U,   A,    A,      A,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}", U, A, A,     A,    F,      F,    F),
        new("DELETE /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}", U, A, A,  F,    F,      F,    F),
        new("GET /v1/volunteers/{volunteerId}/statements/{year}",                 U,   A,    A,      A,    F,      F,    F),
        // Issue 10, exports: hours per organisation as the hour list (a partner: its own organisation, another's id gives no rows); the
        // allowance reports are money (the CSV forms of these and of the payout lists: AuthorizationMatrixTests.Csv.cs).
        new("GET /v1/hours/per-organisation",                                     U,   A,    A,      A,    A,      A,    F),
        new("GET /v1/allowance/yearly-totals",                                    U,   A,    A,      F,    F,      F,    F),
        new("GET /v1/allowance/near-limit",                                       U,   A,    A,      F,    F,      F,    F),
        // Issue 10, privacy (AVG): the export holds payouts and audit rows, an erasure cannot be undone: admin only.
        new("GET /v1/volunteers/{id}/export",                                     U,   A,    F,      F,    F,      F,    F),
        new("DELETE /v1/volunteers/{id}",                                         U,   A,    F,      F,    F,      F,    F),
    ];

    /// <param name="Volunteer">The key of the seeded volunteer (self-service): refused everywhere unless a row says otherwise.</param>
    private sealed record Rule(string Endpoint, Outcome Anonymous, Outcome Admin, Outcome Finance, Outcome Coordinator,
        Outcome Partner, Outcome OtherPartner, Outcome Website, Outcome Volunteer = Outcome.Forbidden)
    {
        public Outcome For(Who who) => who switch
        {
            Who.Anonymous => Anonymous,
            Who.Admin => Admin,
            Who.Finance => Finance,
            Who.Coordinator => Coordinator,
            Who.Partner => Partner,
            Who.OtherPartner => OtherPartner,
            Who.Website => Website,
            Who.Volunteer => Volunteer,
            Who.Sponsor or Who.OtherSponsor => SponsorCell(Endpoint, who),
            _ => throw new ArgumentOutOfRangeException(nameof(who)),
        };
    }

    public static TheoryData<string, Who, Outcome> Cells()
    {
        var data = new TheoryData<string, Who, Outcome>();
        foreach (var rule in Matrix)
        {
            foreach (var who in Enum.GetValues<Who>())
            {
                data.Add(rule.Endpoint, who, rule.For(who));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public async Task Endpoint_answers_each_caller_as_the_table_says(string endpoint, Who caller, Outcome expected)
    {
        var probe = await MatrixProbes.For(world, endpoint);

        using var response = await world.ClientFor(caller).SendAsync(probe.ToRequest());

        switch (expected)
        {
            case Outcome.Allowed:
                var text = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"{endpoint} as {caller}: expected 2xx, got {(int)response.StatusCode}: {text}");
                break;
            case Outcome.Unauthorized:
                await response.Problem(HttpStatusCode.Unauthorized, "unauthorized");
                Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
                break;
            case Outcome.Forbidden:
                await response.Problem(HttpStatusCode.Forbidden, "forbidden");
                break;
            case Outcome.NotFound:
                await response.Problem(HttpStatusCode.NotFound, "not_found");
                break;
            case Outcome.Invalid:
                var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
                Assert.Equal([probe.RefusedField ?? "(the probe names no field)"], problem.ErrorFields());
                break;
        }
        if (probe.Happened is not null)
        {
            Assert.True(expected == Outcome.Allowed == await probe.Happened(),
                expected == Outcome.Allowed ? "the write was answered 2xx but did not happen" : "a refused write changed the database");
        }
    }

    [Fact]
    public void Every_v1_endpoint_of_the_app_is_in_the_matrix_and_every_row_exists()
    {
        var mapped = MappedEndpoints().Where(e => e.Split(' ')[1].StartsWith("/v1/", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
        var listed = Matrix.Select(r => r.Endpoint).ToHashSet(StringComparer.Ordinal);

        Assert.True(Matrix.Length == listed.Count, "the matrix lists an endpoint twice");
        Assert.Empty(mapped.Except(listed).Order(StringComparer.Ordinal)); // mapped but not reviewed in the matrix
        Assert.Empty(listed.Except(mapped).Order(StringComparer.Ordinal)); // a stale row for an endpoint that is gone
    }

    [Fact]
    public async Task Outside_v1_only_the_health_probes_and_the_document_are_mapped_and_they_are_anonymous()
    {
        var outside = MappedEndpoints().Where(e => !e.Split(' ')[1].StartsWith("/v1/", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

        Assert.Equal(["ANY /health/live", "ANY /health/ready"], outside);
        foreach (var path in new[] { "/health/live", "/health/ready", "/swagger/v1/swagger.json", "/swagger/v1/swagger.yaml", "/swagger/index.html" })
        {
            using var response = await world.Anonymous().GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode}");
        }
    }

    /// <summary>"METHOD /template" for every routed endpoint of the app; "ANY" where it takes every method.</summary>
    private IEnumerable<string> MappedEndpoints() => world.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
            .Select(method => method + " " + Template(e.RoutePattern.RawText ?? "")));

    /// <summary>"/v1/organisations/{id:long}" and "/v1/organisations/" as the matrix writes them.</summary>
    private static string Template(string raw)
    {
        var path = Constraint().Replace(raw, "{$1}").TrimEnd('/');
        return path.StartsWith('/') ? path : "/" + path;
    }

    [GeneratedRegex(@"\{\*?([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex Constraint();
}
