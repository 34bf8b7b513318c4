using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>SROI obligations: stored per sponsor, changed with If-Match, and never reached through another sponsor.</summary>
public sealed class ObligationTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task An_obligation_defaults_to_five_thousand_euro_a_place_year_and_is_read_back_under_its_sponsor_only()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Verplicht BV");
        var other = await SponsorKit.Sponsor(api, "Niet Verplicht BV");

        var created = await (await api.Client(ApiRole.Finance).PostJson($"/v1/sponsors/{sponsor.Id}/obligations",
            new CreateObligationRequest(" ALM-2025-017 ", "Gemeente Almere", 10_000_000, new LocalDate(2025, 1, 1), new LocalDate(2026, 12, 31))))
            .Read<ObligationResponse>(HttpStatusCode.Created);

        var expected = new ObligationResponse(created.Id, sponsor.Id, "ALM-2025-017", "Gemeente Almere", 10_000_000, new LocalDate(2025, 1, 1),
            new LocalDate(2026, 12, 31), 500_000, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start);
        Assert.Equal(expected, await (await api.Client(ApiRole.Coordinator).GetAsync($"/v1/sponsors/{sponsor.Id}/obligations/{created.Id}")).Read<ObligationResponse>());
        Assert.Equal([expected], (await (await api.Admin().GetAsync($"/v1/sponsors/{sponsor.Id}/obligations")).Read<Page<ObligationResponse>>()).Items);
        Assert.Empty((await (await api.Admin().GetAsync($"/v1/sponsors/{other.Id}/obligations")).Read<Page<ObligationResponse>>()).Items);
        await (await api.Admin().GetAsync($"/v1/sponsors/{other.Id}/obligations/{created.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().GetAsync("/v1/sponsors/987654/obligations")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().PostJson("/v1/sponsors/987654/obligations",
            new CreateObligationRequest("X", "Y", 1, new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 1)))).Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal("sroi_obligation.created", Assert.Single(await api.Admin().AuditRows($"entity=sroi_obligation&entityId={created.Id}")).Action);
    }

    [Fact]
    public async Task A_patch_changes_the_given_fields_refuses_an_end_before_the_start_and_goes_nowhere_through_another_sponsor()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Wijzig Verplichting BV");
        var other = await SponsorKit.Sponsor(api, "Buur BV");
        var obligation = await SponsorKit.Obligation(api, sponsor.Id);
        var url = $"/v1/sponsors/{sponsor.Id}/obligations/{obligation.Id}";
        var etag = (await api.Admin().GetAsync(url)).Headers.ETag!.Tag;

        var backwards = await (await api.Admin().Patch(url, new UpdateObligationRequest(EndDate: new LocalDate(2024, 12, 31)), etag))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        await (await api.Admin().Patch($"/v1/sponsors/{other.Id}/obligations/{obligation.Id}", new UpdateObligationRequest(ObligationCents: 1), "*"))
            .Problem(HttpStatusCode.NotFound, "not_found");
        var changed = await (await api.Admin().Patch(url, new UpdateObligationRequest(ObligationCents: 12_000_000, ValuePerPlaceYearCents: 600_000), etag))
            .Read<ObligationResponse>();

        Assert.Equal(["endDate"], backwards.ErrorFields());
        var read = await (await api.Admin().GetAsync(url)).Read<ObligationResponse>();
        Assert.Equal(obligation with { ObligationCents = 12_000_000, ValuePerPlaceYearCents = 600_000 }, read);
        Assert.Equal(read, changed);
        var audit = (await api.Admin().AuditRows($"entity=sroi_obligation&entityId={obligation.Id}"))[^1];
        Assert.Equal(("sroi_obligation.changed", """{"before":{"obligationCents":10000000,"valuePerPlaceYearCents":500000},"after":{"obligationCents":12000000,"valuePerPlaceYearCents":600000}}"""),
            (audit.Action, audit.Summary));
    }
}
