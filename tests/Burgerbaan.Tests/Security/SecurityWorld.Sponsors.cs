using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Security;

/// <summary>
/// The sponsor side of the security world: two sponsors with a key each, an obligation and a sponsorship of the first,
/// and an allocation of the seeded volunteer. Placeholders {sponsor}, {otherSponsor}, {obligation}, {sponsorship}, {allocation}.
/// </summary>
public sealed partial class SecurityWorld
{
    public SponsorResponse Sponsor { get; private set; } = null!;
    public SponsorResponse OtherSponsor { get; private set; } = null!;
    public ObligationResponse Obligation { get; private set; } = null!;
    public SponsorshipResponse Sponsorship { get; private set; } = null!;

    private readonly Dictionary<Who, HttpClient> _sponsorClients = [];

    private async Task SeedSponsors()
    {
        Sponsor = await SponsorKit.Sponsor(this, "Bouwbedrijf Almere BV");
        OtherSponsor = await SponsorKit.Sponsor(this, "Zorggroep Flevo", SponsorKind.Care);
        Obligation = await SponsorKit.Obligation(this, Sponsor.Id);
        // Many places over many years: every probe that allocates gets a place of its own.
        Sponsorship = await SponsorKit.Sponsorship(this, Sponsor.Id, 1_000, new LocalDate(2025, 1, 1), new LocalDate(2030, 12, 31), Obligation.Id);
        _ids["sponsor"] = Sponsor.Id;
        _ids["otherSponsor"] = OtherSponsor.Id;
        _ids["obligation"] = Obligation.Id;
        _ids["sponsorship"] = Sponsorship.Id;
        _ids["allocation"] = (await SponsorKit.Allocate(this, Sponsorship.Id, Volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 1, 31))).Id;
        _sponsorClients[Who.Sponsor] = WithKey(await SponsorKit.Key(this, Sponsor.Id));
        _sponsorClients[Who.OtherSponsor] = WithKey(await SponsorKit.Key(this, OtherSponsor.Id));
    }

    private HttpClient SponsorClient(Who who) => _sponsorClients[who];

    /// <summary>A volunteer with no allocation yet, for a probe that allocates or revokes.</summary>
    public async Task<long> FreshAllocation(string marker)
    {
        var volunteer = await this.Volunteer("Alloc", marker[..20]);
        return (await SponsorKit.Allocate(this, Sponsorship.Id, volunteer.Id, new LocalDate(2026, 1, 1), new LocalDate(2026, 12, 31))).Id;
    }

    private static int _ownAllocations;

    /// <summary>
    /// An allocation of the seeded volunteer (whose key the Volunteer column uses) on a day no earlier probe took. The
    /// conformance fuzzer's long mode also allocates the seeded volunteer (its mutated requests reach valid ids and
    /// ranges), so a day another allocation holds (409) moves on to the next.
    /// </summary>
    public async Task<long> FreshOwnAllocation()
    {
        for (var attempt = 0; ; attempt++)
        {
            var day = new LocalDate(2026, 1, 1).PlusDays(Interlocked.Increment(ref _ownAllocations));
            using var response = await Admin().PostJson($"/v1/sponsorships/{Sponsorship.Id}/allocations", SponsorKit.Allocation(Volunteer.Id, day, day));
            if (response.StatusCode != HttpStatusCode.Conflict || attempt == 300)
            {
                return (await response.Read<AllocationResponse>(HttpStatusCode.Created)).Id;
            }
        }
    }
}
