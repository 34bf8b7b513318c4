using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Tests.Api;

public sealed class VolunteerTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static CreateVolunteerRequest Request(string last = "Bakker", LocalDate? born = null, string? email = null, string? iban = null) =>
        new("Sanne", last, born ?? new LocalDate(1990, 6, 15), email, null, iban);

    private async Task<VolunteerResponse> Get(long id) =>
        await (await api.Admin().GetAsync($"/v1/volunteers/{id}")).Read<VolunteerResponse>();

    private async Task<IReadOnlyList<VolunteerResponse>> All() =>
        (await (await api.Admin().GetAsync("/v1/volunteers?limit=200")).Read<Page<VolunteerResponse>>()).Items;

    private async Task Refused(object body, string field)
    {
        var before = await All();
        var problem = await (await api.Admin().PostJson("/v1/volunteers", body)).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal([field], problem.ErrorFields());
        Assert.Equal(before, await All());
    }

    [Fact]
    public async Task Created_volunteer_has_normalised_iban_location_and_etag()
    {
        var response = await api.Admin().PostJson("/v1/volunteers",
            new CreateVolunteerRequest("  Sanne ", " van der Berg ", new LocalDate(1990, 6, 15), "sanne@example.org", "06 1234 5678", " nl91 abna 0417 1643 00 "));
        var created = await response.Read<VolunteerResponse>(HttpStatusCode.Created);

        Assert.Equal($"/v1/volunteers/{created.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal("\"1\"", response.Headers.ETag?.Tag);
        Assert.Equal("NL91ABNA0417164300", created.Iban);
        Assert.Equal("Sanne", created.FirstName);
        Assert.Equal("van der Berg", created.LastName);
        Assert.True(created.Active);
        Assert.Equal(created, await Get(created.Id));
    }

    [Theory]
    [InlineData("NL92ABNA0417164300")]
    [InlineData("NL91ABNA041716430")]
    [InlineData("91NLABNA0417164300")]
    [InlineData("NL91-ABNA-0417-1643-00")]
    [InlineData(" ")]
    public async Task Invalid_iban_is_refused(string iban) => await Refused(Request(iban: iban), "iban");

    [Theory]
    [InlineData("2025-03-15")]
    [InlineData("2025-03-14")]
    [InlineData("2030-01-01")]
    [InlineData("1899-12-31")]
    public async Task Date_of_birth_must_lie_in_the_past_and_after_1900(string date) =>
        await Refused(Request(born: LocalDatePattern.Iso.Parse(date).Value), "dateOfBirth");

    [Fact]
    public async Task Date_of_birth_yesterday_and_in_1900_are_accepted()
    {
        await (await api.Admin().PostJson("/v1/volunteers", Request(born: new LocalDate(2025, 3, 13)))).Read<VolunteerResponse>(HttpStatusCode.Created);
        await (await api.Admin().PostJson("/v1/volunteers", Request(born: new LocalDate(1900, 1, 1)))).Read<VolunteerResponse>(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("anna")]
    [InlineData("anna@")]
    [InlineData("a@b@c")]
    public async Task Invalid_email_is_refused(string email) => await Refused(Request(email: email), "email");

    [Fact]
    public async Task There_is_no_bsn_field()
    {
        await Refused(new { firstName = "Sanne", lastName = "Bakker", dateOfBirth = "1990-06-15", bsn = "123456782" }, "bsn");
    }

    [Fact]
    public async Task Blank_names_are_refused()
    {
        await Refused(Request(last: "   "), "lastName");
        var volunteer = await api.Volunteer();

        var problem = await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(FirstName: " "), "*"))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["firstName"], problem.ErrorFields());
        Assert.Equal(volunteer, await Get(volunteer.Id));
    }

    [Fact]
    public async Task Update_needs_the_current_etag()
    {
        var volunteer = await api.Volunteer();
        var change = new UpdateVolunteerRequest(Phone: "0201234567");

        await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", change, null)).Problem((HttpStatusCode)428, "precondition_required");
        await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", change, "\"7\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(volunteer, await Get(volunteer.Id));

        var response = await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", change, "\"1\"");
        var updated = await response.Read<VolunteerResponse>();

        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        Assert.Equal(volunteer with { Phone = "0201234567" }, updated);
        Assert.Equal(updated, await Get(volunteer.Id));
    }

    [Fact]
    public async Task Update_normalises_a_new_iban_and_empty_string_clears_it()
    {
        var volunteer = await api.Volunteer();

        var changed = await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Iban: "de89 3704 0044 0532 0130 00"), "\"1\""))
            .Read<VolunteerResponse>();
        var cleared = await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Iban: "", Email: ""), "\"2\""))
            .Read<VolunteerResponse>();

        Assert.Equal("DE89370400440532013000", changed.Iban);
        Assert.Null(cleared.Iban);
        Assert.Null(cleared.Email);
        Assert.Equal(volunteer.Phone, cleared.Phone);
        Assert.Equal(cleared, await Get(volunteer.Id));
    }

    [Fact]
    public async Task Update_with_invalid_values_changes_nothing()
    {
        var volunteer = await api.Volunteer();

        var problem = await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}",
            new UpdateVolunteerRequest(Iban: "NL00ABNA0417164300", Email: "nope", DateOfBirth: new LocalDate(2026, 1, 1)), "\"1\""))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");

        Assert.Equal(["dateOfBirth", "email", "iban"], problem.ErrorFields());
        Assert.Equal(volunteer, await Get(volunteer.Id));
    }

    [Fact]
    public async Task Active_false_deactivates()
    {
        var volunteer = await api.Volunteer();

        var updated = await (await api.Admin().Patch($"/v1/volunteers/{volunteer.Id}", new UpdateVolunteerRequest(Active: false), "\"1\""))
            .Read<VolunteerResponse>();

        Assert.False(updated.Active);
        Assert.False((await Get(volunteer.Id)).Active);
    }

    [Fact]
    public async Task Unknown_volunteer_is_not_found()
    {
        await (await api.Admin().GetAsync("/v1/volunteers/999999")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await api.Admin().Patch("/v1/volunteers/999999", new UpdateVolunteerRequest(Phone: "1"), "*")).Problem(HttpStatusCode.NotFound, "not_found");
    }

    [Fact]
    public async Task Registry_roles_read_and_others_are_forbidden()
    {
        var volunteer = await api.Volunteer();
        var organisation = await api.Organisation();

        Assert.Equal(volunteer, await (await api.Client(ApiRole.Finance).GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>());
        Assert.Equal(volunteer, await (await api.Client(ApiRole.Coordinator).GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>());
        await (await api.Client(ApiRole.Partner, organisation.Id).GetAsync($"/v1/volunteers/{volunteer.Id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Client(ApiRole.Partner, organisation.Id).GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Client(ApiRole.Website).GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await api.Client(ApiRole.Finance).PostJson("/v1/volunteers", Request())).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
