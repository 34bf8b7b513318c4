using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Audit;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Security;

namespace Burgerbaan.Tests.SelfService;

/// <summary>
/// Keys bound to one volunteer: a coordinator (or admin) makes them and no other key; they are stored and audited with
/// their volunteer; they stop at once when the volunteer is deactivated and work again on reactivation.
/// </summary>
public sealed class VolunteerKeyTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_coordinator_creates_a_volunteer_key_that_is_stored_and_audited_with_its_volunteer()
    {
        var volunteer = await api.Volunteer("Kees", "Sleutel");

        var created = await (await api.Client(ApiRole.Coordinator).PostJson("/v1/api-keys",
                new CreateApiKeyRequest("Kees thuis", ApiRole.Volunteer, VolunteerId: volunteer.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);

        Assert.Equal((ApiRole.Volunteer, (long?)volunteer.Id, (long?)null), (created.Role, created.VolunteerId, created.OrganisationId));
        var keys = await api.Admin().All<ApiKeyResponse>("/v1/api-keys");
        var stored = Assert.Single(keys, k => k.Id == created.Id);
        Assert.Equal(new ApiKeyResponse(created.Id, "Kees thuis", ApiRole.Volunteer, null, created.KeyPrefix, created.CreatedAt, null, volunteer.Id, null), stored);
        var audit = Assert.Single(await api.Admin().AuditRows($"entity=api_key&entityId={created.Id}"));
        Assert.Equal(("api_key.created", ApiRole.Coordinator), (audit.Action, audit.Role));
        Assert.Equal($$$"""{"after":{"name":"Kees thuis","role":"volunteer","organisationId":null,"volunteerId":{{{volunteer.Id}}}}}""", audit.Summary);
        var me = await (await api.WithKey(created.Key).GetAsync("/v1/me")).Read<MeResponse>();
        Assert.Equal(volunteer.Id, me.Id);
    }

    [Theory]
    [InlineData(ApiRole.Admin)]
    [InlineData(ApiRole.Finance)]
    [InlineData(ApiRole.Coordinator)]
    [InlineData(ApiRole.Partner)]
    [InlineData(ApiRole.Website)]
    public async Task A_coordinator_may_not_create_any_other_key_and_nothing_is_stored(ApiRole role)
    {
        var organisation = await api.Organisation("Stichting Sleutelbos");
        var before = await api.Admin().All<ApiKeyResponse>("/v1/api-keys");

        using var response = await api.Client(ApiRole.Coordinator).PostJson("/v1/api-keys",
            new CreateApiKeyRequest("te veel macht", role, role == ApiRole.Partner ? organisation.Id : null));

        var problem = await response.Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("A coordinator key creates volunteer keys only; other keys are created with an admin key.", (string?)problem["detail"]);
        Assert.Equal(before.Select(k => k.Id), (await api.Admin().All<ApiKeyResponse>("/v1/api-keys")).Select(k => k.Id));
    }

    public static TheoryData<string, string, string> BadBindings() => new()
    {
        // what, body (volunteer = an active volunteer's id), the message under volunteerId
        { "a volunteer key without volunteerId", """{"name":"x","role":"volunteer"}""", "A volunteer key needs a volunteerId." },
        { "a website key with a volunteerId", """{"name":"x","role":"website","volunteerId":{volunteer}}""", "Only a volunteer key is bound to a volunteer." },
        { "an unknown volunteer", """{"name":"x","role":"volunteer","volunteerId":987654321}""", "No volunteer with that id." },
        { "a deactivated volunteer", """{"name":"x","role":"volunteer","volunteerId":{inactive}}""", "The volunteer is deactivated; reactivate them first." },
    };

    [Theory]
    [MemberData(nameof(BadBindings))]
    public async Task A_bad_volunteer_binding_is_a_400_naming_volunteerId_and_stores_nothing(string what, string body, string message)
    {
        var volunteer = await api.Volunteer("Binding", "Goed");
        var inactive = await api.Volunteer("Binding", "Weg");
        await api.SetActive(inactive.Id, false);
        var before = await api.Admin().All<ApiKeyResponse>("/v1/api-keys");
        var json = body.Replace("{volunteer}", volunteer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{inactive}", inactive.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

        using var response = await api.Admin().SendRaw(HttpMethod.Post, "/v1/api-keys", json);

        var problem = await response.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.ErrorFields() is ["volunteerId"], what);
        Assert.Equal(message, (string?)problem["errors"]!["volunteerId"]![0]);
        Assert.Equal(before.Select(k => k.Id), (await api.Admin().All<ApiKeyResponse>("/v1/api-keys")).Select(k => k.Id));
    }

    [Fact]
    public async Task A_deactivated_volunteers_key_stops_at_once_even_just_after_a_cached_success_and_works_again_on_reactivation()
    {
        var volunteer = await api.Volunteer("Dina", "Dicht");
        var other = await api.Volunteer("Olaf", "Open");
        var key = await api.VolunteerKey(volunteer.Id);
        var otherKey = await api.VolunteerKey(other.Id);
        // A success first, so the key sits in the key cache (Auth:KeyCacheSeconds) when the volunteer is deactivated.
        Assert.Equal(volunteer.Id, (await (await key.Client.GetAsync("/v1/me")).Read<MeResponse>()).Id);

        await api.SetActive(volunteer.Id, false);

        await AuthenticationTests.AssertUnauthorized(await key.Client.GetAsync("/v1/me"));
        await AuthenticationTests.AssertUnauthorized(await key.Client.Patch("/v1/me", new UpdateMeRequest(Phone: "0600000000"), "*"));
        var stored = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}")).Read<VolunteerResponse>();
        Assert.Equal(("0612345678", false), (stored.Phone, stored.Active));
        Assert.Equal(other.Id, (await (await otherKey.Client.GetAsync("/v1/me")).Read<MeResponse>()).Id);

        await api.SetActive(volunteer.Id, true);

        Assert.Equal(volunteer.Id, (await (await key.Client.GetAsync("/v1/me")).Read<MeResponse>()).Id);
    }

    [Fact]
    public async Task A_revoked_volunteer_key_is_401()
    {
        var volunteer = await api.Volunteer("Rob", "Ingetrokken");
        var key = await api.VolunteerKey(volunteer.Id);
        Assert.Equal(HttpStatusCode.OK, (await key.Client.GetAsync("/v1/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await api.Admin().DeleteAsync($"/v1/api-keys/{key.KeyId}")).StatusCode);

        await AuthenticationTests.AssertUnauthorized(await key.Client.GetAsync("/v1/me"));
        var listed = Assert.Single(await api.Admin().All<ApiKeyResponse>("/v1/api-keys"), k => k.Id == key.KeyId);
        Assert.NotNull(listed.RevokedAt);
    }

    [Fact]
    public async Task Audit_summary_of_other_keys_keeps_its_shape_without_volunteerId()
    {
        var created = await (await api.Admin().PostJson("/v1/api-keys", new CreateApiKeyRequest("Balie", ApiRole.Website)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);

        var audit = Assert.Single(await api.Admin().AuditRows($"entity=api_key&entityId={created.Id}"));

        Assert.Equal("""{"after":{"name":"Balie","role":"website","organisationId":null}}""", audit.Summary);
        Assert.Null(created.VolunteerId);
    }

    [Theory]
    [InlineData("/v1/volunteers/{id}")]
    [InlineData("/v1/volunteers/{id}/agreements")]
    [InlineData("/v1/volunteers/{id}/allowance/2025")]
    [InlineData("/v1/placements?volunteerId={id}")]
    [InlineData("/v1/hours?volunteerId={id}")]
    [InlineData("/v1/payouts?volunteerId={id}")]
    public async Task Outside_me_a_volunteer_key_is_refused_alike_for_its_own_and_another_volunteers_records(string path)
    {
        var own = await api.Volunteer("Ivo", "Eigen");
        var other = await api.Volunteer("Ada", "Ander");
        var key = await api.VolunteerKey(own.Id);

        var forOwn = await (await key.Client.GetAsync(path.Replace("{id}", own.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        var forOther = await (await key.Client.GetAsync(path.Replace("{id}", other.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)))
            .Problem(HttpStatusCode.Forbidden, "forbidden");

        forOwn.Remove("traceId");
        forOther.Remove("traceId");
        Assert.Equal(forOwn.ToJsonString(), forOther.ToJsonString());
        Assert.DoesNotContain("Ada", forOther.ToJsonString(), StringComparison.Ordinal);
    }
}
