using System.Net;
using System.Text.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Hours;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;

namespace Burgerbaan.Tests.Privacy;

/// <summary>
/// One person with something in every table, all made through the API as the cooperative would: an application accepted
/// into a volunteer, an agreement for 2025, a placement with hours a partner reported and a coordinator approved, a payout
/// for those hours and a travel payout (created by the admin, approved and paid by finance), a sponsored place with a
/// consent note and consent to be named, and the volunteer's own key, with which she changed her phone number.
/// </summary>
internal sealed record PrivacyWorld(
    BurgerbaanApiFactory Api, string FirstName, string LastName, string Email, string Phone, string Iban, LocalDate Born,
    long VolunteerId, long ApplicationId, long OrganisationId, long PlacementId, long SponsorId, long SponsorshipId, long AllocationId,
    long KeyId, HttpClient Own, HttpClient Partner, IReadOnlyList<long> HourIds, IReadOnlyList<long> PayoutIds)
{
    public const string ConsentNote = "Intake met Anna, wil graag genoemd worden";
    public const string NewPhone = "0699887766";

    public static async Task<PrivacyWorld> Create(BurgerbaanApiFactory api, LocalDate? born = null, LocalDate? workedOn = null)
    {
        var tag = Guid.NewGuid().ToString("n")[..6];
        var (first, last, email, iban) = ($"Anna{tag}", $"de Jong{tag}", $"anna.{tag}@example.org", Seed.NextIban());
        var birth = born ?? new LocalDate(1990, 6, 15);
        var application = (await (await api.Anonymous().PostJson("/v1/applications",
                new CreateApplicationRequest(first, last, true, email, "0612345678", birth, "Haven", ["koken"], Motivation: "Ik help graag.")))
            .Read<ApplicationReceipt>(HttpStatusCode.Created)).Id;
        var volunteer = await (await api.Admin().PostJson($"/v1/applications/{application}/accept", new AcceptApplicationRequest(Iban: iban)))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), rate: 500);
        var organisation = await api.Organisation("Humanitas " + tag);
        var placement = await HoursWorld.Place(api, volunteer.Id, organisation.Id, new LocalDate(2025, 1, 1));
        var partner = api.Client(ApiRole.Partner, organisation.Id);

        var day = workedOn ?? new LocalDate(2025, 3, 10);
        var submitted = await (await HoursWorld.Submit(partner, HoursWorld.Entry("H-" + tag, placement, day, 120, $"Koffieochtend met {first}")))
            .Read<HourEntriesResponse>();
        var hours = submitted.Items.Select(h => h.Id).ToList();
        (await api.Admin().PostJson("/v1/hours/approve", new ApproveHoursRequest(hours))).EnsureSuccessStatusCode();
        var forHours = await api.Admin().Pay(new CreatePayoutRequest(volunteer.Id, PayoutKind.Allowance, 600, new YearMonth(day.Year, day.Month), HourEntryIds: hours));
        var travel = await api.Admin().Pay(PayoutKit.Payout(volunteer.Id, 1500, 2, PayoutKind.Travel, description: $"Reiskosten {first}"));
        foreach (var payout in new[] { forHours.Id, travel.Id })
        {
            (await api.Finance().Act(payout, "approve")).EnsureSuccessStatusCode();
            (await api.Finance().Act(payout, "mark-paid")).EnsureSuccessStatusCode();
        }

        var sponsor = await SponsorKit.Sponsor(api, "Bouwbedrijf " + tag);
        var sponsorship = await SponsorKit.Sponsorship(api, sponsor.Id, 2, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31));
        var allocation = await (await api.Admin().PostJson($"/v1/sponsorships/{sponsorship.Id}/allocations",
                new CreateAllocationRequest(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31),
                    new ConsentInput(SponsorKit.ConsentAt, ConsentChannel.In_person, ConsentNote, true))))
            .Read<AllocationResponse>(HttpStatusCode.Created);

        var key = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest($"{first}, mijn burgerbaan", ApiRole.Volunteer, VolunteerId: volunteer.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        var own = api.WithKey(key.Key);
        var me = await own.GetAsync("/v1/me");
        (await own.Patch("/v1/me", new UpdateMeRequest(Phone: NewPhone), me.Headers.ETag!.Tag)).EnsureSuccessStatusCode();

        return new PrivacyWorld(api, first, last, email, NewPhone, iban, birth, volunteer.Id, application, organisation.Id, placement, sponsor.Id,
            sponsorship.Id, allocation.Id, key.Id, own, partner, hours, [forHours.Id, travel.Id]);
    }

    /// <summary>The values that must never be found again after the volunteer is pseudonymised.</summary>
    public IEnumerable<string> PersonalValues => [FirstName, LastName, Email, Phone, "0612345678", Iban, ConsentNote, $"{FirstName}, mijn burgerbaan"];

    public async Task<VolunteerExport> Export() =>
        await (await Api.Admin().GetAsync($"/v1/volunteers/{VolunteerId}/export")).Read<VolunteerExport>();

    public async Task<string> ExportText()
    {
        using var response = await Api.Admin().GetAsync($"/v1/volunteers/{VolunteerId}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<HttpResponseMessage> Delete(string? ifMatch = "current")
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/volunteers/{VolunteerId}");
        if (ifMatch == "current")
        {
            ifMatch = (await Api.Admin().GetAsync($"/v1/volunteers/{VolunteerId}")).Headers.ETag!.Tag;
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await Api.Admin().SendAsync(request);
    }

    /// <summary>Records holding lists compare by reference; these compare by their JSON.</summary>
    public static string AsJson<T>(T value) => JsonSerializer.Serialize(value, BurgerbaanApiFactory.Json);
}
