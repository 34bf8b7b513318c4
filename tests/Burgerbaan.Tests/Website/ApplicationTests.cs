using System.Net;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Applications;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;

namespace Burgerbaan.Tests.Website;

public sealed class ApplicationTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static CreateApplicationRequest Form(string first = "Fatima", string last = "el Amrani", LocalDate? born = null) =>
        new(first, last, true, Email: "fatima@example.org", Phone: "0612345678", DateOfBirth: born ?? new LocalDate(1979, 4, 2),
            Neighbourhood: "Haven", Interests: ["Koken", " tuin ", "koken"], Availability: new Availability(8, [Weekday.Monday, Weekday.Thursday]),
            Motivation: "Ik wil graag iets doen.\nLiefst in de buurt.");

    private HttpClient Coordinator => api.Client(ApiRole.Coordinator);

    private async Task<ApplicationResponse> Read(long id) => await (await Coordinator.GetAsync($"/v1/applications/{id}")).Read<ApplicationResponse>();

    private async Task<long> Post(CreateApplicationRequest form) =>
        (await (await api.Anonymous().PostJson("/v1/applications", form)).Read<ApplicationReceipt>(HttpStatusCode.Created)).Id;

    private async Task<int> StoredCount()
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await (await Coordinator.GetAsync("/v1/applications?limit=200" + (cursor is null ? "" : "&cursor=" + cursor))).Read<Page<ApplicationResponse>>();
            count += page.Items.Count;
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return count;
    }

    [Fact]
    public async Task Anonymous_application_answers_only_id_and_status_and_is_stored_with_its_consent()
    {
        using var response = await api.Anonymous().PostJson("/v1/applications", Form());

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(["id", "status"], body.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.Equal("new", (string?)body["status"]);
        var id = (long)body["id"]!;
        Assert.Equal($"/v1/applications/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());

        var stored = await Read(id);
        Assert.Equal(new ApplicationResponse(id, ApplicationStatus.New, "Fatima", "el Amrani", "fatima@example.org", "0612345678", new LocalDate(1979, 4, 2),
            "Haven", ["koken", "tuin"], new Availability(8, [Weekday.Monday, Weekday.Thursday]), "Ik wil graag iets doen.\nLiefst in de buurt.", [],
            WebsiteFactory.PrivacyVersion, api.Clock.GetCurrentInstant(), null, null, null, null, null, api.Clock.GetCurrentInstant(), api.Clock.GetCurrentInstant()),
            stored with { Interests = [.. stored.Interests], Availability = stored.Availability with { Days = [.. stored.Availability.Days!] }, OpportunityIds = [] },
            new ApplicationComparer());
    }

    [Fact]
    public async Task The_public_cannot_read_an_application_back()
    {
        var id = await Post(Form("Lees", "Terug"));

        await (await api.Anonymous().GetAsync($"/v1/applications/{id}")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await (await api.Client(ApiRole.Website).GetAsync($"/v1/applications/{id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task A_filled_honeypot_is_answered_like_any_application_and_stores_nothing()
    {
        var before = await StoredCount();

        using var response = await api.Anonymous().PostJson("/v1/applications", Form("Bot", "Spam") with { Website = "http://spam.example" });

        var receipt = await response.Read<ApplicationReceipt>(HttpStatusCode.Created);
        Assert.Equal(ApplicationStatus.New, receipt.Status);
        Assert.Equal(before, await StoredCount());
        await (await Coordinator.GetAsync($"/v1/applications/{receipt.Id}")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    public static TheoryData<string, string, string> BadForms() => new()
    {
        { "no consent", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":false}""", "consent" },
        { "consent left out", """{"firstName":"A","lastName":"B","email":"a@example.org"}""", "consent" },
        { "no way to reach them", """{"firstName":"A","lastName":"B","consent":true}""", "email" },
        { "a control character in a name", """{"firstName":"A\u0007","lastName":"B","email":"a@example.org","consent":true}""", "firstName" },
        { "a line break in a name", """{"firstName":"A\nB","lastName":"B","email":"a@example.org","consent":true}""", "firstName" },
        { "a bidi override in the motivation", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"motivation":"x\u202Ey"}""", "motivation" },
        { "a motivation of 2001 characters", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"motivation":"{{2001}}"}""", "motivation" },
        { "a name of 101 characters", """{"firstName":"{{101}}","lastName":"B","email":"a@example.org","consent":true}""", "firstName" },
        { "21 interests", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"interests":[{{21 tags}}]}""", "interests" },
        { "an interest of 41 characters", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"interests":["{{41}}"]}""", "interests[0]" },
        { "a BSN", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"bsn":"123456782"}""", "bsn" },
        { "hours a week over 40", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"availability":{"hoursPerWeek":41}}""", "availability.hoursPerWeek" },
        { "a day twice", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"availability":{"days":["monday","monday"]}}""", "availability.days" },
        { "an unknown opportunity", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"opportunityIds":[987654]}""", "opportunityIds" },
        { "a malformed e-mail address", """{"firstName":"A","lastName":"B","email":"not-an-address","consent":true}""", "email" },
        { "a date of birth in the future", """{"firstName":"A","lastName":"B","email":"a@example.org","consent":true,"dateOfBirth":"2030-01-01"}""", "dateOfBirth" },
    };

    [Theory]
    [MemberData(nameof(BadForms))]
    public async Task A_bad_form_is_a_400_naming_the_field_and_stores_nothing(string because, string json, string field)
    {
        var before = await StoredCount();
        json = json.Replace("{{2001}}", new string('x', 2001)).Replace("{{101}}", new string('x', 101)).Replace("{{41}}", new string('x', 41))
            .Replace("{{21 tags}}", string.Join(",", Enumerable.Range(1, 21).Select(i => $"\"t{i}\"")));

        using var response = await api.Anonymous().SendRaw(HttpMethod.Post, "/v1/applications", json);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.ErrorFields().Contains(field), $"{because}: expected {field} among {string.Join(", ", problem.ErrorFields())}");
        Assert.Equal(before, await StoredCount());
    }

    [Fact]
    public async Task Coordinators_list_by_status_contact_and_decline()
    {
        var id = await Post(Form("Contact", "Persoon"));

        var contacted = await (await Coordinator.PostJson($"/v1/applications/{id}/contacted", new ContactApplicationRequest("Gebeld, intake dinsdag"))).Read<ApplicationResponse>();
        Assert.Equal(ApplicationStatus.Contacted, contacted.Status);
        var queue = await (await Coordinator.GetAsync("/v1/applications?status=contacted&limit=200")).Read<Page<ApplicationResponse>>();
        Assert.Contains(queue.Items, a => a.Id == id);
        Assert.All(queue.Items, a => Assert.Equal(ApplicationStatus.Contacted, a.Status));
        var declined = await (await Coordinator.PostJson($"/v1/applications/{id}/decline", new DeclineApplicationRequest("Geen passende plek"))).Read<ApplicationResponse>();

        var stored = await Read(id);
        Assert.Equal(ApplicationStatus.Declined, stored.Status);
        Assert.Equal("Gebeld, intake dinsdag", stored.ContactNote);
        Assert.Equal("Geen passende plek", stored.DeclineReason);
        Assert.Equal(api.Clock.GetCurrentInstant(), stored.DecidedAt);
        Assert.Equal(declined, stored, new ApplicationComparer());
        var refused = await (await Coordinator.PostJson($"/v1/applications/{id}/accept", new AcceptApplicationRequest())).Problem(HttpStatusCode.Conflict, "application_not_open");
        Assert.Equal($"Application {id} is declined; only new and contacted applications can change.", (string?)refused["detail"]);
        Assert.Equal(ApplicationStatus.Declined, (await Read(id)).Status);
    }

    [Fact]
    public async Task Accepting_makes_the_volunteer_and_links_it_and_the_audit_holds_no_personal_data()
    {
        var id = await Post(Form("Sanne", "Bakker", new LocalDate(1990, 7, 7)));

        using var response = await Coordinator.PostJson($"/v1/applications/{id}/accept", new AcceptApplicationRequest(Iban: Seed.NextIban()));

        var created = await response.Read<VolunteerResponse>(HttpStatusCode.Created);
        Assert.Equal($"/v1/volunteers/{created.Id}", response.Headers.Location?.OriginalString);
        var volunteer = await (await api.Admin().GetAsync($"/v1/volunteers/{created.Id}")).Read<VolunteerResponse>();
        Assert.Equal(created, volunteer);
        Assert.Equal(("Sanne", "Bakker", new LocalDate(1990, 7, 7), "fatima@example.org", "0612345678"),
            (volunteer.FirstName, volunteer.LastName, volunteer.DateOfBirth, volunteer.Email, volunteer.Phone));
        var stored = await Read(id);
        Assert.Equal((ApplicationStatus.Accepted, created.Id), (stored.Status, stored.VolunteerId));
        var audit = await (await api.Admin().GetAsync($"/v1/audit?entity=application&entityId={id}")).Read<Page<AuditEntryResponse>>();
        Assert.Equal(["application.created", "application.accepted"], audit.Items.Select(a => a.Action));
        Assert.All(audit.Items, a => Assert.DoesNotContain("Sanne", a.Summary.GetRawText(), StringComparison.Ordinal));
        Assert.Equal("{\"before\":{\"status\":\"new\"},\"after\":{\"status\":\"accepted\",\"volunteerId\":" + created.Id + "}}", audit.Items[1].Summary.GetRawText());
    }

    [Fact]
    public async Task Accepting_a_person_already_registered_is_the_direct_creates_409_until_confirmed()
    {
        var existing = await api.Volunteer("Joost", "van Dijk", new LocalDate(1970, 1, 1));
        var id = await Post(Form("joost", "Van  Dijk", new LocalDate(1970, 1, 1)));

        var problem = await (await Coordinator.PostJson($"/v1/applications/{id}/accept", new AcceptApplicationRequest())).Problem(HttpStatusCode.Conflict, "possible_duplicate");

        Assert.Equal([existing.Id], problem["existingIds"]!.AsArray().Select(v => (long)v!));
        Assert.Equal((ApplicationStatus.New, (long?)null), ((await Read(id)).Status, (await Read(id)).VolunteerId));
        var confirmed = await (await Coordinator.PostJson($"/v1/applications/{id}/accept", new AcceptApplicationRequest(ConfirmDistinctFrom: [existing.Id])))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        Assert.Equal(confirmed.Id, (await Read(id)).VolunteerId);
    }

    [Fact]
    public async Task Accepting_without_a_date_of_birth_names_it()
    {
        var id = await Post(Form("Zonder", "Datum") with { DateOfBirth = null });

        var problem = await (await Coordinator.PostJson($"/v1/applications/{id}/accept", new AcceptApplicationRequest())).Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["dateOfBirth"], problem.ErrorFields());
        Assert.Equal(ApplicationStatus.New, (await Read(id)).Status);
    }

    [Fact]
    public async Task Retention_erases_declined_and_withdrawn_applications_and_keeps_only_the_link_of_accepted_ones()
    {
        var declined = await Post(Form("Weg", "Een"));
        var withdrawn = await Post(Form("Weg", "Twee"));
        var accepted = await Post(Form("Blijft", "Gekoppeld", new LocalDate(1991, 2, 3)));
        await (await Coordinator.PostJson($"/v1/applications/{declined}/decline", new DeclineApplicationRequest("Past niet"))).Read<ApplicationResponse>();
        await (await Coordinator.PostAsync($"/v1/applications/{withdrawn}/withdraw", null)).Read<ApplicationResponse>();
        var volunteer = await (await Coordinator.PostJson($"/v1/applications/{accepted}/accept", new AcceptApplicationRequest())).Read<VolunteerResponse>(HttpStatusCode.Created);
        var retention = api.Services.GetRequiredService<ApplicationRetention>();

        api.Clock.Advance(Duration.FromDays(179));
        await retention.EraseAsync(CancellationToken.None);
        Assert.Equal(ApplicationStatus.Declined, (await Read(declined)).Status);
        api.Clock.Advance(Duration.FromDays(2));
        await retention.EraseAsync(CancellationToken.None);

        await (await Coordinator.GetAsync($"/v1/applications/{declined}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await Coordinator.GetAsync($"/v1/applications/{withdrawn}")).Problem(HttpStatusCode.NotFound, "not_found");
        var kept = await Read(accepted);
        Assert.Equal((ApplicationStatus.Accepted, volunteer.Id), (kept.Status, kept.VolunteerId));
        Assert.Equal((null, null, null, null, null, null, null), (kept.FirstName, kept.LastName, kept.Email, kept.Phone, kept.DateOfBirth, kept.Neighbourhood, kept.Motivation));
        Assert.Empty(kept.Interests);
        Assert.Equal("Blijft", (await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>()).FirstName);
        var erased = await (await api.Admin().GetAsync($"/v1/audit?action=application.erased")).Read<Page<AuditEntryResponse>>();
        Assert.Equal(new[] { declined, withdrawn, accepted }.Order(), erased.Items.Select(a => a.EntityId).Order());
    }

    /// <summary>Records holding lists compare by reference; this compares them by their JSON.</summary>
    private sealed class ApplicationComparer : IEqualityComparer<ApplicationResponse>
    {
        public bool Equals(ApplicationResponse? x, ApplicationResponse? y) =>
            System.Text.Json.JsonSerializer.Serialize(x, BurgerbaanApiFactory.Json) == System.Text.Json.JsonSerializer.Serialize(y, BurgerbaanApiFactory.Json);

        public int GetHashCode(ApplicationResponse obj) => 0;
    }
}
