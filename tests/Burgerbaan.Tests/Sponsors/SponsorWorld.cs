using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Sponsors;

public sealed record SponsorshipMade(long Id, long AmountDueCents, long AllowanceBudgetCents);

/// <summary>
/// Arranges sponsors, SROI obligations, sponsorships, allocations and sponsor keys for the money and report tests, through the
/// API as finance and a coordinator would (POST /v1/sponsors, /v1/sponsors/{id}/obligations, /v1/sponsorships,
/// /v1/sponsorships/{id}/allocations, /v1/api-keys with role sponsor, the consent revocation), via <see cref="SponsorKit"/>.
/// </summary>
public sealed class SponsorWorld(BurgerbaanApiFactory api)
{
    public const long DefaultAllowance = 210_000;
    public const long DefaultOverhead = 40_000;
    public const long DefaultValuePerPlaceYear = 500_000;

    private readonly ConcurrentDictionary<long, long> _holders = new(); // allocation id -> volunteer id, for the revocation's route

    /// <summary>
    /// places x perPlacePerYear x the share of a year the period covers, by exact day count per calendar year (the days in that year
    /// over that year's length), rounded down to the cent. 133590 is the least common multiple of 365 and 366, so the sum is exact.
    /// The tests' own derivation of the rule, to compare with what the service answers.
    /// </summary>
    public static long ProRata(int places, long perPlacePerYear, LocalDate start, LocalDate end)
    {
        long share = 0; // in 1/133590ths of a year
        for (var year = start.Year; year <= end.Year; year++)
        {
            var first = LocalDate.Max(start, new LocalDate(year, 1, 1));
            var last = LocalDate.Min(end, new LocalDate(year, 12, 31));
            var days = Period.Between(first, last, PeriodUnits.Days).Days + 1;
            share += days * (133_590L / CalendarSystem.Iso.GetDaysInYear(year));
        }
        return places * perPlacePerYear * share / 133_590L;
    }

    public async Task<long> CreateSponsor(string name = "Bouwbedrijf Flevo BV", SponsorKind kind = SponsorKind.Company) =>
        (await SponsorKit.Sponsor(api, name, kind)).Id;

    public async Task<long> CreateObligation(long sponsorId, long obligationCents, LocalDate start, LocalDate end,
        long valuePerPlaceYearCents = DefaultValuePerPlaceYear, string tenderReference = "AL-2023-0412", string contractingAuthority = "Gemeente Almere") =>
        (await (await api.Finance().PostJson($"/v1/sponsors/{sponsorId}/obligations",
                new CreateObligationRequest(tenderReference, contractingAuthority, obligationCents, start, end, valuePerPlaceYearCents)))
            .Read<ObligationResponse>(HttpStatusCode.Created)).Id;

    /// <summary>A committed sponsorship; move it on with <see cref="SetStatus"/> once its allocations are made.</summary>
    public async Task<SponsorshipMade> CreateSponsorship(long sponsorId, int places, LocalDate start, LocalDate end, long? obligationId = null,
        long allowancePerPlaceCents = DefaultAllowance, long overheadPerPlaceCents = DefaultOverhead)
    {
        var made = await (await api.Finance().PostJson("/v1/sponsorships",
                new CreateSponsorshipRequest(sponsorId, start, end, places, obligationId, allowancePerPlaceCents, overheadPerPlaceCents)))
            .Read<SponsorshipResponse>(HttpStatusCode.Created);
        return new SponsorshipMade(made.Id, made.AmountDueCents, made.AllowanceBudgetCents);
    }

    /// <summary>PATCH /v1/sponsorships/{id} with a new status (invoiced, paid, cancelled), read back.</summary>
    public async Task SetStatus(long sponsorshipId, SponsorshipStatus status)
    {
        var url = $"/v1/sponsorships/{sponsorshipId}";
        var changed = await (await api.Finance().Patch(url, new UpdateSponsorshipRequest(Status: status), await ETag(url))).Read<SponsorshipResponse>();
        Assert.Equal(status, changed.Status);
    }

    public async Task<long> Allocate(long sponsorshipId, long volunteerId, LocalDate start, LocalDate end, bool nameInReports = false)
    {
        var made = await (await api.Client(ApiRole.Coordinator).PostJson($"/v1/sponsorships/{sponsorshipId}/allocations",
                SponsorKit.Allocation(volunteerId, start, end, nameInReports)))
            .Read<AllocationResponse>(HttpStatusCode.Created);
        _holders[made.Id] = volunteerId;
        return made.Id;
    }

    /// <summary>
    /// POST /v1/volunteers/{id}/sponsor-consents/{aid}/revoke on <paramref name="day"/> (the service revokes "today"): the allocation
    /// no longer covers that day. The test clock stands on that day for the call and goes back after.
    /// </summary>
    public async Task RevokeConsent(long allocationId, LocalDate day)
    {
        var allocations = api.Client(ApiRole.Coordinator);
        var volunteerId = _holders[allocationId];
        var was = api.Clock.GetCurrentInstant();
        api.Clock.Reset(day.At(new LocalTime(12, 0)).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).ToInstant());
        try
        {
            var revoked = await (await allocations.PostAsync($"/v1/volunteers/{volunteerId}/sponsor-consents/{allocationId}/revoke", null))
                .Read<AllocationResponse>();
            Assert.NotNull(revoked.Consent.RevokedAt);
        }
        finally
        {
            api.Clock.Reset(was);
        }
    }

    public async Task DeactivateSponsor(long sponsorId)
    {
        var url = $"/v1/sponsors/{sponsorId}";
        var changed = await (await api.Finance().Patch(url, new UpdateSponsorRequest(Active: false), await ETag(url))).Read<SponsorResponse>();
        Assert.False(changed.Active);
    }

    /// <summary>POST /v1/api-keys {role: "sponsor", sponsorId}: a client carrying the new key.</summary>
    public async Task<HttpClient> SponsorKey(long sponsorId)
    {
        var key = await SponsorKit.Key(api, sponsorId);
        var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    private async Task<string> ETag(string url)
    {
        using var read = await api.Finance().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        return read.Headers.ETag?.Tag ?? throw new InvalidOperationException($"{url} sent no ETag.");
    }
}
