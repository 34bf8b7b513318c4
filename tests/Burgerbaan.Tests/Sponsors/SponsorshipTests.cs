using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

/// <summary>Sponsorships: derived amounts, refusals, the status lifecycle and the rules that protect allocations and draws.</summary>
public sealed class SponsorshipTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan2025 = new(2025, 1, 1);
    private static readonly LocalDate Dec2026 = new(2026, 12, 31);

    [Fact]
    public async Task Ten_places_for_two_years_cost_fifty_thousand_euro_of_which_forty_two_thousand_allowance()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Tien Plaatsen BV");
        var obligation = await SponsorKit.Obligation(api, sponsor.Id);

        var created = await (await api.Client(ApiRole.Finance).PostJson("/v1/sponsorships",
            new CreateSponsorshipRequest(sponsor.Id, Jan2025, Dec2026, 10, obligation.Id))).Read<SponsorshipResponse>(HttpStatusCode.Created);

        var read = await (await api.Client(ApiRole.Coordinator).GetAsync($"/v1/sponsorships/{created.Id}")).Read<SponsorshipResponse>();
        Assert.Equal(new SponsorshipResponse(created.Id, sponsor.Id, obligation.Id, Jan2025, Dec2026, 10, 210_000, 40_000, SponsorshipStatus.Committed,
            5_000_000, 4_200_000, 0, BurgerbaanApiFactory.Start, BurgerbaanApiFactory.Start), read);
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=sponsorship&entityId={created.Id}"));
        Assert.Equal("sponsorship.created", audit.Action);
    }

    [Fact]
    public async Task Bad_terms_are_refused_naming_the_field_and_store_nothing()
    {
        var sponsor = await SponsorKit.Sponsor(api, "Foute Termen BV");
        var other = await SponsorKit.Sponsor(api, "Andere Verplichting BV");
        var foreign = await SponsorKit.Obligation(api, other.Id);
        var cases = new (CreateSponsorshipRequest Request, string Field, string Message)[]
        {
            (new(sponsor.Id, Dec2026, Jan2025, 2), "endDate", "endDate must not lie before startDate."),
            (new(sponsor.Id, Jan2025, Dec2026, 2, foreign.Id), "obligationId", "No SROI obligation of this sponsor with that id."),
            (new(987654, Jan2025, Dec2026, 2), "sponsorId", "No sponsor with that id."),
        };
        foreach (var (request, field, message) in cases)
        {
            var problem = await (await api.Admin().PostJson("/v1/sponsorships", request)).Problem(HttpStatusCode.BadRequest, "validation_failed");
            Assert.Equal([field], problem.ErrorFields());
            Assert.Equal(message, (string?)problem["errors"]![field]![0]);
        }
        var zero = await (await api.Admin().SendRaw(HttpMethod.Post, "/v1/sponsorships",
            $$"""{"sponsorId":{{sponsor.Id}},"startDate":"2025-01-01","endDate":"2025-12-31","places":0}""")).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["places"], zero.ErrorFields());

        var stored = await (await api.Admin().GetAsync($"/v1/sponsorships?sponsorId={sponsor.Id}")).Read<Page<SponsorshipResponse>>();
        Assert.Empty(stored.Items);
    }

    [Fact]
    public async Task Status_moves_committed_invoiced_paid_and_never_back()
    {
        var sponsorship = await NewSponsorship("Levenscyclus BV", 2);

        var invoiced = await Change(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Invoiced));
        var refused = await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(Places: 3))).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("The period and places of a invoiced sponsorship are fixed; only a committed one changes.", (string?)refused["detail"]);
        var paid = await Change(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Paid));
        await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Cancelled))).Problem(HttpStatusCode.Conflict, "conflict");
        await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Committed))).Problem(HttpStatusCode.Conflict, "conflict");

        var read = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}")).Read<SponsorshipResponse>();
        Assert.Equal((SponsorshipStatus.Invoiced, SponsorshipStatus.Paid, SponsorshipStatus.Paid, 2), (invoiced.Status, paid.Status, read.Status, read.Places));
        Assert.Equal(["sponsorship.created", "sponsorship.invoiced", "sponsorship.paid"],
            (await api.Admin().AuditRows($"entity=sponsorship&entityId={sponsorship.Id}")).Select(a => a.Action));
    }

    [Fact]
    public async Task Places_and_period_change_while_committed_and_rederive_the_amounts()
    {
        var sponsorship = await NewSponsorship("Groeiend BV", 2);

        await Change(sponsorship.Id, new UpdateSponsorshipRequest(EndDate: new LocalDate(2025, 12, 31), Places: 3));

        var read = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}")).Read<SponsorshipResponse>();
        Assert.Equal((3, new LocalDate(2025, 12, 31), 750_000L, 630_000L), (read.Places, read.EndDate, read.AmountDueCents, read.AllowanceBudgetCents));
        var change = (await api.Admin().AuditRows($"entity=sponsorship&entityId={sponsorship.Id}"))[^1];
        Assert.Equal(("sponsorship.changed", """{"before":{"endDate":"2026-12-31","places":2,"amountDueCents":1000000,"allowanceBudgetCents":840000},"after":{"endDate":"2025-12-31","places":3,"amountDueCents":750000,"allowanceBudgetCents":630000}}"""),
            (change.Action, change.Summary));
    }

    [Fact]
    public async Task A_sponsorship_is_not_shortened_below_an_allocation_nor_given_fewer_places_than_overlap()
    {
        var sponsorship = await NewSponsorship("Bezet BV", 2);
        var anna = await api.Volunteer("Anna", "Kort");
        var bram = await api.Volunteer("Bram", "Kort");
        var a = await SponsorKit.Allocate(api, sponsorship.Id, anna.Id, new LocalDate(2025, 4, 1), new LocalDate(2026, 6, 30));
        await SponsorKit.Allocate(api, sponsorship.Id, bram.Id, new LocalDate(2025, 5, 1), new LocalDate(2025, 5, 31));

        var shorter = await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(EndDate: new LocalDate(2026, 5, 31)))).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal([a.Id], shorter["allocationIds"]!.AsArray().Select(id => (long)id!));
        var fewer = await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(Places: 1))).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("2 allocations overlap on one day; the sponsorship cannot have fewer places than that.", (string?)fewer["detail"]);

        var read = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}")).Read<SponsorshipResponse>();
        Assert.Equal((Dec2026, 2), (read.EndDate, read.Places));
    }

    [Fact]
    public async Task The_budget_never_drops_below_what_payouts_drew_and_a_drawn_sponsorship_is_not_cancelled()
    {
        var sponsorship = await NewSponsorship("Getrokken BV", 1);
        var payouts = await DrawnBy(sponsorship.Id, months: 6, cents: 20_000);

        var lower = await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(EndDate: new LocalDate(2025, 6, 30)))).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal("Payouts drew 120000 cents from this sponsorship; the new terms would leave an allowance budget of 104136 cents.", (string?)lower["detail"]);
        var cancel = await (await Send(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Cancelled))).Problem(HttpStatusCode.Conflict, "conflict");
        Assert.Equal(payouts, cancel["payoutIds"]!.AsArray().Select(id => (long)id!));
        var read = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}")).Read<SponsorshipResponse>();
        Assert.Equal((SponsorshipStatus.Committed, Dec2026, 420_000L, 120_000L), (read.Status, read.EndDate, read.AllowanceBudgetCents, read.DrawnCents));

        // Cancelling or rejecting a payout gives its draw back; once none counts, the sponsorship may be cancelled.
        await (await api.Admin().PostJson($"/v1/payouts/{payouts[0]}/reject", new PayoutActionRequest("Dubbel ingediend"))).Read<PayoutResponse>();
        foreach (var payout in payouts.Skip(1))
        {
            await (await api.Admin().PostJson($"/v1/payouts/{payout}/cancel", new PayoutActionRequest())).Read<PayoutResponse>();
        }
        var released = await (await api.Admin().GetAsync($"/v1/sponsorships/{sponsorship.Id}")).Read<SponsorshipResponse>();
        var cancelled = await Change(sponsorship.Id, new UpdateSponsorshipRequest(Status: SponsorshipStatus.Cancelled));

        Assert.Equal(0, released.DrawnCents);
        Assert.Equal((SponsorshipStatus.Cancelled, 0L), await ReadStatus(sponsorship.Id));
        Assert.Equal(SponsorshipStatus.Cancelled, cancelled.Status);
    }

    [Fact]
    public async Task A_sponsor_key_lists_and_reads_only_its_own_sponsorships()
    {
        var own = await NewSponsorship("Eigen Lijst BV", 1);
        var other = await NewSponsorship("Andere Lijst BV", 1);
        var key = api.WithKey(await SponsorKit.Key(api, own.SponsorId));

        var list = await (await key.GetAsync("/v1/sponsorships")).Read<Page<SponsorshipResponse>>();
        var filtered = await (await key.GetAsync($"/v1/sponsorships?sponsorId={other.SponsorId}")).Read<Page<SponsorshipResponse>>();

        Assert.Equal([own.Id], list.Items.Select(s => s.Id));
        Assert.Empty(filtered.Items);
        await (await key.GetAsync($"/v1/sponsorships/{other.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await key.GetAsync($"/v1/sponsorships/{own.Id}/allocations")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Client(ApiRole.Partner, (await api.Organisation("Partner Kijkt")).Id).GetAsync("/v1/sponsorships"))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    private async Task<SponsorshipResponse> NewSponsorship(string sponsorName, int places)
    {
        var sponsor = await SponsorKit.Sponsor(api, sponsorName);
        return await SponsorKit.Sponsorship(api, sponsor.Id, places, Jan2025, Dec2026);
    }

    private async Task<HttpResponseMessage> Send(long id, UpdateSponsorshipRequest request)
    {
        var etag = (await api.Admin().GetAsync($"/v1/sponsorships/{id}")).Headers.ETag!.Tag;
        return await api.Client(ApiRole.Finance).Patch($"/v1/sponsorships/{id}", request, etag);
    }

    private async Task<SponsorshipResponse> Change(long id, UpdateSponsorshipRequest request) => await (await Send(id, request)).Read<SponsorshipResponse>();

    private async Task<(SponsorshipStatus, long)> ReadStatus(long id)
    {
        var read = await (await api.Admin().GetAsync($"/v1/sponsorships/{id}")).Read<SponsorshipResponse>();
        return (read.Status, read.DrawnCents);
    }

    /// <summary>
    /// A volunteer allocated to the sponsorship from January to June 2025 and one real payout of <paramref name="cents"/> for each of
    /// the first <paramref name="months"/> months, each drawing on the sponsorship through POST /v1/payouts; the payout ids.
    /// </summary>
    private async Task<List<long>> DrawnBy(long sponsorshipId, int months, long cents)
    {
        var enrolled = await api.Enrol();
        await SponsorKit.Allocate(api, sponsorshipId, enrolled.VolunteerId, Jan2025, new LocalDate(2025, 6, 30));
        var ids = new List<long>();
        for (var month = 1; month <= months; month++)
        {
            var payout = await api.Finance().Pay(PayoutKit.Payout(enrolled.VolunteerId, cents, month));
            Assert.Equal(sponsorshipId, payout.SponsorshipId);
            ids.Add(payout.Id);
        }
        return ids;
    }
}
