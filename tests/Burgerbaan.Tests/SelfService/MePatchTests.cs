using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// PATCH /v1/me: e-mail and phone only, with If-Match like every PATCH, audited as volunteer.changed by the volunteer's key;
/// every refusal leaves the record as it was.
/// </summary>
public sealed class MePatchTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task<(VolunteerKey Key, MeResponse Before, string ETag)> Fresh()
    {
        var volunteer = await api.Volunteer("Eva", "Bereikbaar");
        var key = await api.VolunteerKey(volunteer.Id);
        using var read = await key.Client.GetAsync("/v1/me");
        return (key, await read.Read<MeResponse>(), read.Headers.ETag!.Tag);
    }

    [Fact]
    public async Task Email_and_phone_change_are_stored_and_audited_with_only_the_changed_fields()
    {
        var (key, before, etag) = await Fresh();
        api.Clock.AdvanceMinutes(5);

        using var response = await key.Client.Patch("/v1/me", new UpdateMeRequest(Email: "eva@thuis.nl", Phone: before.Phone), etag);

        var answered = await response.Read<MeResponse>();
        Assert.Equal("\"2\"", response.Headers.ETag?.Tag);
        using var read = await key.Client.GetAsync("/v1/me");
        var stored = await read.Read<MeResponse>();
        Assert.Equal(before with { Email = "eva@thuis.nl", UpdatedAt = api.Clock.GetCurrentInstant() }, stored);
        Assert.Equal(stored, answered);
        Assert.Equal("\"2\"", read.Headers.ETag?.Tag);
        var registry = await (await api.Admin().GetAsync($"/v1/volunteers/{key.VolunteerId}")).Read<VolunteerResponse>();
        Assert.Equal(("eva@thuis.nl", before.Phone, before.Iban), (registry.Email, registry.Phone, registry.Iban));
        var audit = (await api.Admin().AuditRows($"entity=volunteer&entityId={key.VolunteerId}")).Last();
        Assert.Equal(("volunteer.changed", key.KeyId, ApiRole.Volunteer), (audit.Action, audit.KeyId, audit.Role));
        Assert.Equal("""{"before":{"email":"anna@example.org"},"after":{"email":"eva@thuis.nl"}}""", audit.Summary);
    }

    [Fact]
    public async Task An_empty_string_clears_the_phone()
    {
        var (key, before, etag) = await Fresh();

        await (await key.Client.Patch("/v1/me", new UpdateMeRequest(Phone: ""), etag)).Read<MeResponse>();

        var stored = await (await key.Client.GetAsync("/v1/me")).Read<MeResponse>();
        Assert.Equal((before.Email, (string?)null), (stored.Email, stored.Phone));
    }

    [Fact]
    public async Task The_same_values_again_change_nothing_and_write_no_audit_row()
    {
        var (key, before, etag) = await Fresh();
        var rows = (await api.Admin().AuditRows($"entity=volunteer&entityId={key.VolunteerId}")).Count;

        await (await key.Client.Patch("/v1/me", new UpdateMeRequest(Email: before.Email, Phone: before.Phone), etag)).Read<MeResponse>();

        Assert.Equal(rows, (await api.Admin().AuditRows($"entity=volunteer&entityId={key.VolunteerId}")).Count);
    }

    public static TheoryData<string, string?, HttpStatusCode, string, string?> Refusals() => new()
    {
        // body, If-Match ({etag} = the current ETag), status, code, the field named
        { """{"phone":"0699999999"}""", null, HttpStatusCode.PreconditionRequired, "precondition_required", null },
        { """{"phone":"0699999999"}""", "\"99\"", HttpStatusCode.PreconditionFailed, "precondition_failed", null },
        { """{"phone":"0699999999"}""", "3", HttpStatusCode.BadRequest, "validation_failed", "If-Match" },
        { """{"iban":"NL91ABNA0417164300"}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "iban" },
        { """{"firstName":"Anders"}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "firstName" },
        { """{"dateOfBirth":"2000-01-01"}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "dateOfBirth" },
        { """{"active":false}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "active" },
        { """{"email":"geen adres"}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "email" },
        { """{"phone":"06\u0007"}""", "{etag}", HttpStatusCode.BadRequest, "validation_failed", "phone" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_refused_patch_is_a_problem_and_leaves_the_record_as_it_was(string body, string? ifMatch, HttpStatusCode status, string code, string? field)
    {
        var (key, before, etag) = await Fresh();
        var rows = (await api.Admin().AuditRows($"entity=volunteer&entityId={key.VolunteerId}")).Count;

        using var response = await key.Client.SendRaw(HttpMethod.Patch, "/v1/me", body, ifMatch?.Replace("{etag}", etag, StringComparison.Ordinal));

        var problem = await response.Problem(status, code);
        Assert.Equal(field is null ? [] : [field], problem.ErrorFields());
        Assert.Equal(before, await (await key.Client.GetAsync("/v1/me")).Read<MeResponse>());
        var registry = await (await api.Admin().GetAsync($"/v1/volunteers/{key.VolunteerId}")).Read<VolunteerResponse>();
        Assert.True(registry.Active);
        Assert.Equal(rows, (await api.Admin().AuditRows($"entity=volunteer&entityId={key.VolunteerId}")).Count);
    }
}
