using System.Net;
using System.Net.Http.Json;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.Telemetry;

/// <summary>
/// A full day of the service with a person's data in every place it can go: a volunteer with name, e-mail, phone and IBAN
/// (changed once), an agreement and placement, hours pushed by a partner with the name in their description, approval,
/// payouts (one replayed by its Idempotency-Key, one refused at the cap), a payout run that is trimmed, an application
/// from the website, API keys of four kinds, a forged key and a refused volunteer whose e-mail is malformed. The strings
/// are unlike anything else the tests use, so finding one in the telemetry can only mean this scenario leaked it.
/// </summary>
public sealed class TelemetryScenario
{
    public const string FirstName = "Zoraida";
    public const string LastName = "Brinkhorst-Quellijn";
    public const string Email = "zoraida.quellijn@voorbeeld-post.nl";
    public const string Phone = "0687650912";
    public const string NewEmail = "z.brinkhorst@andere-post.nl";
    public const string ApplicantFirstName = "Evangelina";
    public const string ApplicantLastName = "Tromphuizen";
    public const string ApplicantEmail = "e.tromphuizen@voorbeeld-post.nl";
    public const string ApplicantPhone = "0611229384";
    public const string ForgedKey = "bb_forged_secret_8f3k2j5h7g9d0s";
    public static readonly YearMonth March = new(2025, 3);

    public string Iban { get; } = Seed.NextIban();

    public string NewIban { get; } = Seed.NextIban();

    public List<string> KeySecrets { get; } = [BurgerbaanApiFactory.AdminKey, ForgedKey];

    public string RefusedCode { get; private set; } = "";

    /// <summary>Every string that must not appear in logs, spans or metrics.</summary>
    public IEnumerable<string> Secrets =>
        [FirstName, LastName, Email, Phone, NewEmail, Iban, NewIban, ApplicantFirstName, ApplicantLastName, ApplicantEmail, ApplicantPhone, .. KeySecrets];

    public async Task RunAsync(BurgerbaanApiFactory api)
    {
        var admin = api.Admin();
        var finance = await KeyAsync(api, new CreateApiKeyRequest("finance desk", ApiRole.Finance));
        var org = await api.Organisation("Taalhuis Almere Telemetrie");
        var partner = await KeyAsync(api, new CreateApiKeyRequest("partner system", ApiRole.Partner, org.Id));

        var refused = await admin.PostJson("/v1/volunteers", new CreateVolunteerRequest(FirstName, LastName, new LocalDate(1984, 6, 2), "zoraida at " + LastName, Phone, Iban));
        await refused.Problem(HttpStatusCode.BadRequest, "validation_failed");
        var volunteer = await (await admin.PostJson("/v1/volunteers", new CreateVolunteerRequest(FirstName, LastName, new LocalDate(1984, 6, 2), Email, Phone, Iban)))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        await (await admin.Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Email: NewEmail, Iban: NewIban), "*")).Read<VolunteerResponse>();
        await KeyAsync(api, new CreateApiKeyRequest("mijn burgerbaan", ApiRole.Volunteer, VolunteerId: volunteer.Id));
        // An annual budget of 200 euro: the payouts below bring the volunteer near both limits.
        await api.Agreement(volunteer.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), rate: 500, budget: 20000);
        var placement = await api.Placement(volunteer.Id, org.Id, "Taalmaatje");

        var hours = await (await partner.PostJson("/v1/hours", new SubmitHoursRequest([
            new HourEntryInput("TEL-1", placement.Id, new LocalDate(2025, 3, 10), 240, $"{FirstName} gaf taalles"),
            new HourEntryInput("TEL-2", placement.Id, new LocalDate(2025, 3, 11), 240, $"{FirstName} {LastName} hielp bij de intake")])))
            .Read<HourEntriesResponse>();
        await (await admin.PostJson("/v1/hours/approve", new ApproveHoursRequest(hours.Items.Select(h => h.Id).ToList()))).Read<HourEntriesResponse>();

        var paid = await (await admin.PostJson("/v1/payouts", new CreatePayoutRequest(volunteer.Id, PayoutKind.Allowance, 2000, March,
            $"Taalles {LastName}", HourEntryIds: [hours.Items[0].Id]))).Read<PayoutResponse>(HttpStatusCode.Created);
        await (await finance.PostAsync($"/v1/payouts/{paid.Id}/approve", null)).Read<PayoutResponse>();
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var travel = new HttpRequestMessage(HttpMethod.Post, "/v1/payouts")
            {
                Content = JsonContent.Create(new CreatePayoutRequest(volunteer.Id, PayoutKind.Travel, 16500, March, $"Reiskosten {FirstName}"), options: BurgerbaanApiFactory.Json),
            };
            travel.Headers.Add("Idempotency-Key", "telemetry-travel-1");
            await (await admin.SendAsync(travel)).Read<PayoutResponse>(HttpStatusCode.Created);
        }
        var over = await (await admin.PostJson("/v1/payouts", new CreatePayoutRequest(volunteer.Id, PayoutKind.Gift, 5000, March, $"Cadeau {LastName}")))
            .Content.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>();
        RefusedCode = (string)over!["code"]!;

        await (await admin.PostJson("/v1/payout-runs", new CreatePayoutRunRequest(March))).Read<PayoutRunResponse>(HttpStatusCode.Created);

        await (await api.Anonymous().PostJson("/v1/applications", new CreateApplicationRequest(ApplicantFirstName, ApplicantLastName, true,
            ApplicantEmail, ApplicantPhone, Motivation: $"Ik ben {ApplicantFirstName} en wil graag helpen"))).Read<ApplicationReceipt>(HttpStatusCode.Created);

        await (await api.WithKey(ForgedKey).GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await admin.GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>();
        await (await admin.GetAsync("/v1/volunteers")).Read<Page<VolunteerResponse>>();
        await (await admin.GetAsync($"/v1/audit?entity=volunteer&entityId={volunteer.Id}")).Read<Page<AuditEntryResponse>>();
    }

    private async Task<HttpClient> KeyAsync(BurgerbaanApiFactory api, CreateApiKeyRequest request)
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", request)).Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        KeySecrets.Add(created.Key);
        return api.WithKey(created.Key);
    }
}
