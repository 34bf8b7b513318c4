namespace Burgerbaan.Tests.Security;

/// <summary>
/// What sponsor keys may call: "sponsor" is the key of the sponsor that owns the seeded obligation and sponsorship, "other"
/// a sponsor key of another sponsor. Like a partner, a sponsor key reads only its own sponsor's records (anything else 404)
/// and is refused (403) everywhere else, allocations included: who holds a place is not the sponsor's to see.
/// Every endpoint of the main table has a row here; the guard test below keeps it so.
/// </summary>
public sealed partial class AuthorizationMatrixTests
{
    private static readonly Dictionary<string, (Outcome Sponsor, Outcome Other)> SponsorCells = new(StringComparer.Ordinal)
    {
        //  endpoint                                                                  sponsor  other
        ["POST /v1/api-keys"] = (F, F),
        ["GET /v1/api-keys"] = (F, F),
        ["DELETE /v1/api-keys/{id}"] = (F, F),
        ["POST /v1/organisations"] = (F, F),
        ["GET /v1/organisations"] = (F, F),
        ["GET /v1/organisations/{id}"] = (F, F),
        ["PATCH /v1/organisations/{id}"] = (F, F),
        ["POST /v1/volunteers"] = (F, F),
        ["GET /v1/volunteers"] = (F, F),
        ["GET /v1/volunteers/{id}"] = (F, F),
        ["PATCH /v1/volunteers/{id}"] = (F, F),
        ["POST /v1/volunteers/{volunteerId}/agreements"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/agreements"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/agreements/{agreementId}"] = (F, F),
        ["POST /v1/volunteers/{volunteerId}/agreements/{agreementId}/extend"] = (F, F),
        ["POST /v1/placements"] = (F, F),
        ["GET /v1/placements"] = (F, F),
        ["GET /v1/placements/{id}"] = (F, F),
        ["PATCH /v1/placements/{id}"] = (F, F),
        ["POST /v1/hours"] = (F, F),
        ["GET /v1/hours"] = (F, F),
        ["POST /v1/hours/{id}/approve"] = (F, F),
        ["POST /v1/hours/{id}/reject"] = (F, F),
        ["POST /v1/hours/approve"] = (F, F),
        ["GET /v1/placements/{id}/hours/summary"] = (F, F),
        ["GET /v1/allowance-limits"] = (F, F),
        ["GET /v1/allowance-limits/{year}"] = (F, F),
        ["PUT /v1/allowance-limits/{year}"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/allowance/{year}"] = (F, F),
        ["POST /v1/payouts"] = (F, F),
        ["GET /v1/payouts"] = (F, F),
        ["GET /v1/payouts/{id}"] = (F, F),
        ["POST /v1/payouts/{id}/approve"] = (F, F),
        ["POST /v1/payouts/{id}/mark-paid"] = (F, F),
        ["POST /v1/payouts/{id}/cancel"] = (F, F),
        ["POST /v1/payouts/{id}/reject"] = (F, F),
        ["POST /v1/payout-runs"] = (F, F),
        ["GET /v1/payout-runs"] = (F, F),
        ["GET /v1/payout-runs/{id}"] = (F, F),
        ["GET /v1/audit"] = (F, F),
        ["POST /v1/sponsors"] = (F, F),
        ["GET /v1/sponsors"] = (A, A),
        ["GET /v1/sponsors/{id}"] = (A, N),
        ["PATCH /v1/sponsors/{id}"] = (F, F),
        ["POST /v1/sponsors/{sponsorId}/obligations"] = (F, F),
        ["GET /v1/sponsors/{sponsorId}/obligations"] = (A, N),
        ["GET /v1/sponsors/{sponsorId}/obligations/{obligationId}"] = (A, N),
        ["PATCH /v1/sponsors/{sponsorId}/obligations/{obligationId}"] = (F, F),
        ["POST /v1/sponsorships"] = (F, F),
        ["GET /v1/sponsorships"] = (A, A),
        ["GET /v1/sponsorships/{id}"] = (A, N),
        ["PATCH /v1/sponsorships/{id}"] = (F, F),
        ["POST /v1/sponsorships/{sponsorshipId}/allocations"] = (F, F),
        ["GET /v1/sponsorships/{sponsorshipId}/allocations"] = (F, F),
        ["POST /v1/sponsorships/{sponsorshipId}/allocations/{allocationId}/end"] = (F, F),
        ["POST /v1/volunteers/{volunteerId}/sponsor-consents/{allocationId}/revoke"] = (F, F),
        // Self-service: /v1/me belongs to volunteer keys only.
        ["GET /v1/me"] = (F, F),
        ["PATCH /v1/me"] = (F, F),
        ["GET /v1/me/agreements"] = (F, F),
        ["GET /v1/me/placements"] = (F, F),
        ["GET /v1/me/hours"] = (F, F),
        ["GET /v1/me/payouts"] = (F, F),
        ["GET /v1/me/allowance/{year}"] = (F, F),
        ["GET /v1/me/sponsor-consents"] = (F, F),
        ["POST /v1/me/sponsor-consents/{allocationId}/revoke"] = (F, F),
        // The website (issue 9): the public endpoints take any key, the rest is not a sponsor's.
        ["POST /v1/applications"] = (A, A),
        ["GET /v1/applications"] = (F, F),
        ["GET /v1/applications/{id}"] = (F, F),
        ["POST /v1/applications/{id}/contacted"] = (F, F),
        ["POST /v1/applications/{id}/accept"] = (F, F),
        ["POST /v1/applications/{id}/decline"] = (F, F),
        ["POST /v1/applications/{id}/withdraw"] = (F, F),
        ["GET /v1/faq"] = (A, A),
        ["POST /v1/faq"] = (F, F),
        ["GET /v1/faq/{id}"] = (F, F),
        ["PUT /v1/faq/{id}"] = (F, F),
        ["DELETE /v1/faq/{id}"] = (F, F),
        ["GET /v1/opportunities"] = (A, A),
        ["POST /v1/opportunities"] = (F, F),
        ["GET /v1/opportunities/{id}"] = (F, F),
        ["PATCH /v1/opportunities/{id}"] = (F, F),
        ["GET /v1/stats"] = (A, A),
        ["GET /v1/applications/{id}/matches"] = (F, F),
        ["GET /v1/volunteers/{id}/matches"] = (F, F),
        ["GET /v1/volunteers/{id}/wishes"] = (F, F),
        ["PUT /v1/volunteers/{id}/wishes"] = (F, F),
        ["GET /v1/sponsors/{id}/sroi-report"] = (A, N),
        ["GET /v1/sponsors/{id}/obligations/{obligationId}/sroi-report"] = (A, N),
        // Issue 10: bulk payout actions.
        ["POST /v1/payouts/approve"] = (F, F),
        ["POST /v1/payouts/cancel"] = (F, F),
        ["POST /v1/payouts/reject"] = (F, F),
        // Payment batches (issue 10): money, not a sponsor's.
        ["POST /v1/payment-batches"] = (F, F),
        ["GET /v1/payment-batches"] = (F, F),
        ["GET /v1/payment-batches/{id}"] = (F, F),
        ["GET /v1/payment-batches/{id}/pain.001"] = (F, F),
        ["POST /v1/payment-batches/{id}/mark-paid"] = (F, F),
        ["POST /v1/payment-batches/{id}/void"] = (F, F),
        // Issue 10: outside allowances and statements are about a volunteer's money, never a sponsor's to see.
        ["POST /v1/volunteers/{volunteerId}/outside-allowances"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/outside-allowances"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}"] = (F, F),
        ["DELETE /v1/volunteers/{volunteerId}/outside-allowances/{outsideAllowanceId}"] = (F, F),
        ["GET /v1/volunteers/{volunteerId}/statements/{year}"] = (F, F),
        ["GET /v1/hours/per-organisation"] = (F, F),
        ["GET /v1/allowance/yearly-totals"] = (F, F),
        ["GET /v1/allowance/near-limit"] = (F, F),
        // Issue 10, privacy (AVG)
        ["GET /v1/volunteers/{id}/export"] = (F, F),
        ["DELETE /v1/volunteers/{id}"] = (F, F),
    };

    private static Outcome SponsorCell(string endpoint, Who who) =>
        SponsorCells.TryGetValue(endpoint, out var cells)
            ? who == Who.Sponsor ? cells.Sponsor : cells.Other
            : throw new InvalidOperationException($"'{endpoint}' has no sponsor cells: add a row to {nameof(SponsorCells)}.");

    [Fact]
    public void Every_row_of_the_matrix_has_its_sponsor_cells_and_no_other()
    {
        var rows = Matrix.Select(r => r.Endpoint).Order(StringComparer.Ordinal);

        Assert.Equal(rows, SponsorCells.Keys.Order(StringComparer.Ordinal));
    }
}
