using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// What a volunteer key reads under /v1/me: its own volunteer's record, agreements, placements (with organisation names),
/// hours and payouts, equal to what the registry roles read for that volunteer, and nothing of another volunteer who
/// works at the same organisations and is paid in the same months.
/// </summary>
public sealed class MeReadTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private sealed record Pair(VolunteerKey Me, long Other, OrganisationResponse Shared, OrganisationResponse Own);

    /// <summary>Two volunteers, each with an agreement, a placement at a shared organisation, hours and a payout; the first also at an organisation of its own.</summary>
    private async Task<Pair> TwoVolunteers()
    {
        var shared = await api.Organisation("Buurthuis De Schakel " + Guid.NewGuid().ToString("n")[..6]);
        var own = await api.Organisation("Zorgpraktijk Eigen " + Guid.NewGuid().ToString("n")[..6], OrganisationKind.Care);
        var me = await api.Enrol();
        var other = await api.Enrol();
        var mine = await api.Placement(me.VolunteerId, shared.Id, "Koffie schenken");
        await api.Placement(me.VolunteerId, own.Id, "Receptie");
        var theirs = await api.Placement(other.VolunteerId, shared.Id, "Tuin");
        await Hours(mine.Id, "me-", new LocalDate(2025, 2, 3), new LocalDate(2025, 3, 3), new LocalDate(2025, 3, 10));
        await Hours(theirs.Id, "other-", new LocalDate(2025, 3, 3));
        await api.Finance().Pay(PayoutKit.Payout(me.VolunteerId, 1500, 2, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(me.VolunteerId, 2500, 3, PayoutKind.Travel));
        await api.Finance().Pay(PayoutKit.Payout(other.VolunteerId, 3500, 3, PayoutKind.Travel));
        return new(await api.VolunteerKey(me.VolunteerId), other.VolunteerId, shared, own);
    }

    private async Task Hours(long placementId, string prefix, params LocalDate[] days)
    {
        var entries = days.Select((d, i) => new HourEntryInput(prefix + Guid.NewGuid().ToString("n")[..8] + i, placementId, d, 60 + i)).ToList();
        await (await api.Admin().PostJson("/v1/hours", new SubmitHoursRequest(entries))).Read<HourEntriesResponse>();
    }

    [Fact]
    public async Task Profile_is_the_volunteers_own_record_with_an_etag()
    {
        var volunteer = await api.Volunteer("Mira", "van den Berg");
        var key = await api.VolunteerKey(volunteer.Id);

        using var response = await key.Client.GetAsync("/v1/me");

        var me = await response.Read<MeResponse>();
        var registry = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>();
        Assert.Equal(new MeResponse(registry.Id, "Mira", "van den Berg", registry.DateOfBirth, registry.Email, registry.Phone, registry.Iban, registry.UpdatedAt), me);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Agreements_placements_hours_and_payouts_are_the_volunteers_own_and_equal_the_registrys()
    {
        var p = await TwoVolunteers();
        var id = p.Me.VolunteerId;

        var agreements = await p.Me.Client.All<AgreementResponse>("/v1/me/agreements");
        var placements = await p.Me.Client.All<MyPlacementResponse>("/v1/me/placements");
        var hours = await p.Me.Client.All<HourEntryResponse>("/v1/me/hours");
        var payouts = await p.Me.Client.All<PayoutResponse>("/v1/me/payouts");

        Assert.Equal(await api.Admin().All<AgreementResponse>($"/v1/volunteers/{id}/agreements"), agreements);
        var registryPlacements = await api.Admin().All<PlacementResponse>($"/v1/placements?volunteerId={id}");
        Assert.Equal(registryPlacements.Select(r => new MyPlacementResponse(r.Id, r.OrganisationId, r.OrganisationId == p.Shared.Id ? p.Shared.Name : p.Own.Name,
            r.StartDate, r.EndDate, r.Activity, r.HoursPerWeek)), placements);
        Assert.Equal([p.Shared.Name, p.Own.Name], placements.Select(x => x.OrganisationName));
        Assert.Equal(await api.Admin().All<HourEntryResponse>($"/v1/hours?volunteerId={id}"), hours);
        Assert.Equal(3, hours.Count);
        Assert.Equal(await api.Finance().Payouts(id), payouts);
        Assert.Equal([1500L, 2500L], payouts.Select(x => x.AmountCents));
        Assert.All(hours, h => Assert.Equal(id, h.VolunteerId));
        Assert.All(payouts, x => Assert.Equal(id, x.VolunteerId));
        Assert.All(agreements, a => Assert.Equal(id, a.VolunteerId));
    }

    [Fact]
    public async Task Paging_one_by_one_never_reaches_another_volunteer()
    {
        var p = await TwoVolunteers();

        var hours = await p.Me.Client.All<HourEntryResponse>("/v1/me/hours", limit: 1);
        var payouts = await p.Me.Client.All<PayoutResponse>("/v1/me/payouts", limit: 1);
        var placements = await p.Me.Client.All<MyPlacementResponse>("/v1/me/placements", limit: 1);

        Assert.Equal(3, hours.Count);
        Assert.Equal(2, payouts.Count);
        Assert.Equal(2, placements.Count);
        Assert.DoesNotContain(hours, h => h.VolunteerId == p.Other);
        Assert.DoesNotContain(payouts, x => x.VolunteerId == p.Other);
    }

    [Fact]
    public async Task Hours_and_payouts_narrow_to_the_dates_and_months_asked()
    {
        var p = await TwoVolunteers();

        var march = await p.Me.Client.All<HourEntryResponse>("/v1/me/hours?from=2025-03-01&to=2025-03-05");
        var fromMarch = await p.Me.Client.All<HourEntryResponse>("/v1/me/hours?from=2025-03-01");
        var marchPayouts = await p.Me.Client.All<PayoutResponse>("/v1/me/payouts?from=2025-03&to=2025-03");

        Assert.Equal([new LocalDate(2025, 3, 3)], march.Select(h => h.Date));
        Assert.Equal([new LocalDate(2025, 3, 3), new LocalDate(2025, 3, 10)], fromMarch.Select(h => h.Date));
        Assert.Equal([2500L], marchPayouts.Select(x => x.AmountCents));
    }

    [Theory]
    [InlineData("/v1/me/hours?volunteerId={other}", "volunteerId", "Unknown query parameter; allowed: cursor, from, limit, to.")]
    [InlineData("/v1/me/payouts?volunteerId={other}", "volunteerId", "Unknown query parameter; allowed: cursor, from, limit, to.")]
    [InlineData("/v1/me/placements?organisationId=1", "organisationId", "Unknown query parameter; allowed: cursor, limit.")]
    [InlineData("/v1/me/hours?from=2025-3-1", "from", "from must be a date as yyyy-MM-dd.")]
    [InlineData("/v1/me/payouts?to=2025-03-01", "to", "to must be a month as yyyy-MM.")]
    [InlineData("/v1/me/agreements?limit=0", "limit", "limit must be between 1 and 200.")]
    [InlineData("/v1/me/sponsor-consents?cursor=abc", "cursor", "cursor is not one this service handed out.")]
    public async Task A_query_naming_another_volunteer_or_malformed_is_a_400_naming_it(string path, string field, string message)
    {
        var p = await TwoVolunteers();

        using var response = await p.Me.Client.GetAsync(path.Replace("{other}", p.Other.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(message, (string?)problem["errors"]![field]![0]);
    }
}
