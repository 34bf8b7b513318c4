using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Tests.Audit;

/// <summary>
/// Agreements, placements and API keys: each create and change is done through the API and then read back
/// from GET /v1/audit, whole rows (who by key id, name and role; entity; id; action; instant; exact summary).
/// </summary>
public sealed class RegistryAuditTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private static readonly LocalDate Jan1 = new(2025, 1, 1);

    [Fact]
    public async Task Agreement_creation_and_extension_are_audited_with_key_name_role_and_the_changed_end_date()
    {
        var volunteer = await api.Volunteer();
        var intake = await api.NewKey(ApiRole.Coordinator, "intake desk");
        var treasury = await api.NewKey(ApiRole.Finance, "treasury desk");
        var t0 = api.Clock.GetCurrentInstant();
        var agreement = await (await intake.Client.PostJson($"/v1/volunteers/{volunteer.Id}/agreements",
            new CreateAgreementRequest(Jan1, new LocalDate(2025, 6, 30), 500, 150_000))).Read<AgreementResponse>(HttpStatusCode.Created);
        api.Clock.Advance(Duration.FromHours(1));
        (await treasury.Client.PostJson($"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}/extend", new ExtendAgreementRequest(6)))
            .EnsureSuccessStatusCode();

        var trail = await api.Admin().AuditRows($"entity=agreement&entityId={agreement.Id}");

        Assert.Equal(
            [
                new Audited("agreement.created", "agreement", agreement.Id, intake.KeyId, "intake desk", ApiRole.Coordinator, t0,
                    $$$"""{"after":{"volunteerId":{{{volunteer.Id}}},"startDate":"2025-01-01","endDate":"2025-06-30","hourlyRateCents":500,"annualBudgetCents":150000}}"""),
                new Audited("agreement.extended", "agreement", agreement.Id, treasury.KeyId, "treasury desk", ApiRole.Finance, t0 + Duration.FromHours(1),
                    """{"before":{"endDate":"2025-06-30"},"after":{"endDate":"2025-12-31"}}"""),
            ],
            trail);
        var stored = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/agreements/{agreement.Id}")).Read<AgreementResponse>();
        Assert.Equal(new LocalDate(2025, 12, 31), stored.EndDate);
    }

    [Fact]
    public async Task A_refused_agreement_write_leaves_no_audit_row()
    {
        var volunteer = await api.Volunteer();
        var first = await api.Agreement(volunteer.Id, Jan1, new LocalDate(2025, 6, 30));
        await api.Agreement(volunteer.Id, new LocalDate(2025, 7, 1), new LocalDate(2025, 12, 31));
        var before = await api.Admin().AuditRows("entity=agreement");

        await (await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements/{first.Id}/extend", new ExtendAgreementRequest(1)))
            .Problem(HttpStatusCode.Conflict, "conflict");
        await (await api.Admin().PostJson($"/v1/volunteers/{volunteer.Id}/agreements", new CreateAgreementRequest(new LocalDate(2025, 3, 1), new LocalDate(2025, 3, 31))))
            .Problem(HttpStatusCode.Conflict, "conflict");

        Assert.Equal(before, await api.Admin().AuditRows("entity=agreement"));
        var stored = await (await api.Admin().GetAsync($"/v1/volunteers/{volunteer.Id}/agreements/{first.Id}")).Read<AgreementResponse>();
        Assert.Equal(new LocalDate(2025, 6, 30), stored.EndDate);
    }

    [Fact]
    public async Task Placement_creation_changes_and_ending_are_audited_with_only_the_changed_fields()
    {
        var organisation = await api.Organisation("Placement audit org");
        var volunteer = await api.Volunteer();
        var coordinator = await api.NewKey(ApiRole.Coordinator, "placement desk");
        var t0 = api.Clock.GetCurrentInstant();
        var created = await (await coordinator.Client.PostJson("/v1/placements",
            new CreatePlacementRequest(volunteer.Id, organisation.Id, Jan1, "Gastvrouw", null, 8))).Read<PlacementResponse>(HttpStatusCode.Created);
        var url = $"/v1/placements/{created.Id}";
        api.Clock.Advance(Duration.FromMinutes(1));
        (await coordinator.Client.Patch(url, new UpdatePlacementRequest(Activity: " Koffieochtend ", HoursPerWeek: 6), "\"1\"")).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(1));
        (await coordinator.Client.Patch(url, new UpdatePlacementRequest(HoursPerWeek: 6), "\"2\"")).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(1));
        (await coordinator.Client.Patch(url, new UpdatePlacementRequest(EndDate: new LocalDate(2025, 6, 30)), "\"3\"")).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(1));
        await (await coordinator.Client.Patch(url, new UpdatePlacementRequest(EndDate: new LocalDate(2025, 9, 30)), "\"3\""))
            .Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        (await coordinator.Client.Patch(url, new UpdatePlacementRequest(EndDate: new LocalDate(2025, 9, 30)), "\"4\"")).EnsureSuccessStatusCode();

        var trail = await api.Admin().AuditRows($"entity=placement&entityId={created.Id}");

        Audited Row(string action, int minutes, string summary) =>
            new(action, "placement", created.Id, coordinator.KeyId, "placement desk", ApiRole.Coordinator, t0 + Duration.FromMinutes(minutes), summary);
        Assert.Equal(
            [
                Row("placement.created", 0,
                    $$$"""{"after":{"volunteerId":{{{volunteer.Id}}},"organisationId":{{{organisation.Id}}},"startDate":"2025-01-01","endDate":null,"activity":"Gastvrouw","hoursPerWeek":8}}"""),
                Row("placement.changed", 1, """{"before":{"activity":"Gastvrouw","hoursPerWeek":8},"after":{"activity":"Koffieochtend","hoursPerWeek":6}}"""),
                Row("placement.ended", 3, """{"before":{"endDate":null},"after":{"endDate":"2025-06-30"}}"""),
                Row("placement.changed", 4, """{"before":{"endDate":"2025-06-30"},"after":{"endDate":"2025-09-30"}}"""),
            ],
            trail);
        var stored = await (await api.Admin().GetAsync(url)).Read<PlacementResponse>();
        Assert.Equal(("Koffieochtend", 6, new LocalDate(2025, 9, 30)), (stored.Activity, stored.HoursPerWeek!.Value, stored.EndDate!.Value));
    }

    [Fact]
    public async Task Key_creation_and_revocation_are_audited_without_the_secret()
    {
        var organisation = await api.Organisation("Key audit org");
        var steward = await api.NewKey(ApiRole.Admin, "key steward");
        var t0 = api.Clock.GetCurrentInstant();
        var created = await (await steward.Client.PostJson("/v1/api-keys", new CreateApiKeyRequest("Humanitas export", ApiRole.Partner, organisation.Id)))
            .Read<CreatedApiKeyResponse>(HttpStatusCode.Created);
        api.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(HttpStatusCode.NoContent, (await steward.Client.DeleteAsync($"/v1/api-keys/{created.Id}")).StatusCode);
        api.Clock.Advance(Duration.FromMinutes(2));
        Assert.Equal(HttpStatusCode.NoContent, (await steward.Client.DeleteAsync($"/v1/api-keys/{created.Id}")).StatusCode);
        await (await steward.Client.DeleteAsync($"/v1/api-keys/{steward.KeyId}")).Problem(HttpStatusCode.Conflict, "conflict");
        await (await steward.Client.DeleteAsync("/v1/api-keys/987654")).Problem(HttpStatusCode.NotFound, "not_found");

        var trail = await api.Admin().Trail($"entity=api_key&entityId={created.Id}");

        var revokedAt = t0 + Duration.FromMinutes(2);
        Assert.Equal(
            [
                new Audited("api_key.created", "api_key", created.Id, steward.KeyId, "key steward", ApiRole.Admin, t0,
                    $$$"""{"after":{"name":"Humanitas export","role":"partner","organisationId":{{{organisation.Id}}}}}"""),
                new Audited("api_key.revoked", "api_key", created.Id, steward.KeyId, "key steward", ApiRole.Admin, revokedAt,
                    $$$"""{"before":{"revokedAt":null},"after":{"revokedAt":"{{{InstantPattern.ExtendedIso.Format(revokedAt)}}}"}}"""),
            ],
            trail.Select(Audited.Of));
        Assert.All(trail, e => Assert.DoesNotContain(created.KeyPrefix, e.Summary.GetRawText(), StringComparison.Ordinal));
        Assert.Empty(await api.Admin().Trail($"entity=api_key&entityId={steward.KeyId}&action=api_key.revoked"));
        Assert.Empty(await api.Admin().Trail("entity=api_key&entityId=987654"));
        var stored = (await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items.Single(k => k.Id == created.Id);
        Assert.Equal(revokedAt, stored.RevokedAt);
    }

    [Fact]
    public async Task The_bootstrap_admin_key_is_audited_as_made_by_the_service()
    {
        var bootstrap = (await (await api.Admin().GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items.Single(k => k.Name == "bootstrap admin");

        var trail = await api.Admin().AuditRows($"entity=api_key&entityId={bootstrap.Id}");

        Assert.Equal(
            [new Audited("api_key.created", "api_key", bootstrap.Id, null, null, null, bootstrap.CreatedAt,
                """{"after":{"name":"bootstrap admin","role":"admin","organisationId":null}}""")],
            trail);
    }
}
