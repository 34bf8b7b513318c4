using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using NodaTime;

namespace Burgerbaan.Tests.SqlServer;

/// <summary>
/// The service on SQL Server: the repository SQL (SCOPE_IDENTITY, OFFSET/FETCH, UPDLOCK/HOLDLOCK, nullable
/// filters) exercised through HTTP against a database of its own. Skipped without a server.
/// </summary>
public sealed class SqlServerApiTests
{
    [SqlServerFact]
    public async Task Registry_round_trip_through_http_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        Assert.NotEmpty(new MigrationRunner(DatabaseProvider.SqlServer, database.ConnectionString).Migrate());
        using var api = new SqlServerApiFactory(database.ConnectionString);
        var admin = api.Admin();

        var humanitas = await api.Organisation("Humanitas Almere");
        var haven = await api.Organisation("Zorgpraktijk Haven", OrganisationKind.Care);
        var anna = await api.Volunteer("Anna", "de Jong", new LocalDate(1980, 5, 1));
        var bram = await api.Volunteer("Bram", "Visser");
        Assert.True(haven.Id > humanitas.Id && bram.Id > anna.Id);
        Assert.Equal(new LocalDate(1980, 5, 1), (await (await admin.GetAsync($"/v1/volunteers/{anna.Id}")).Read<VolunteerResponse>()).DateOfBirth);

        // Agreements: SCOPE_IDENTITY for the id, the locked volunteer row and the overlap refusal.
        var agreement = await api.Agreement(anna.Id, new LocalDate(2025, 1, 1), new LocalDate(2025, 12, 31), rate: 500);
        var overlap = await admin.PostJson($"/v1/volunteers/{anna.Id}/agreements", new CreateAgreementRequest(new LocalDate(2025, 6, 1), new LocalDate(2026, 5, 31)));
        await overlap.Problem(HttpStatusCode.Conflict, "conflict");
        var extended = await (await admin.PostJson($"/v1/volunteers/{anna.Id}/agreements/{agreement.Id}/extend", new ExtendAgreementRequest(3)))
            .Read<AgreementResponse>();
        Assert.Equal(new LocalDate(2026, 3, 31), extended.EndDate);
        var agreements = await (await admin.GetAsync($"/v1/volunteers/{anna.Id}/agreements")).Read<Page<AgreementResponse>>();
        Assert.Equal([agreement.Id], agreements.Items.Select(a => a.Id));

        // Placements: create, read, PATCH with If-Match (stale tag refused), end date kept as a date.
        var first = await api.Placement(anna.Id, humanitas.Id, "Buurthuis gastvrouw");
        var second = await api.Placement(bram.Id, haven.Id, "Wachtkamer");
        var third = await api.Placement(bram.Id, humanitas.Id, "Taalmaatje");
        var read = await admin.GetAsync($"/v1/placements/{first.Id}");
        Assert.Equal(first, await read.Read<PlacementResponse>());
        var etag = read.Headers.ETag!.Tag;
        var patched = await admin.Patch($"/v1/placements/{first.Id}", new UpdatePlacementRequest(EndDate: new LocalDate(2025, 9, 30), HoursPerWeek: 6), etag);
        var updated = await patched.Read<PlacementResponse>();
        Assert.Equal((new LocalDate(2025, 9, 30), (int?)6, "\"2\""), (updated.EndDate, updated.HoursPerWeek, patched.Headers.ETag?.Tag));
        await (await admin.Patch($"/v1/placements/{first.Id}", new UpdatePlacementRequest(HoursPerWeek: 8), etag)).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        Assert.Equal(updated, await (await admin.GetAsync($"/v1/placements/{first.Id}")).Read<PlacementResponse>());

        // Lists: OFFSET/FETCH with the keyset cursor, and "@org IS NULL OR ..." with a null and a set organisation.
        var page1 = await (await admin.GetAsync("/v1/placements?limit=2")).Read<Page<PlacementResponse>>();
        var page2 = await (await admin.GetAsync($"/v1/placements?limit=2&cursor={page1.NextCursor}")).Read<Page<PlacementResponse>>();
        Assert.Equal([first.Id, second.Id], page1.Items.Select(p => p.Id));
        Assert.Equal([third.Id], page2.Items.Select(p => p.Id));
        Assert.Null(page2.NextCursor);
        var atHumanitas = await (await admin.GetAsync($"/v1/placements?organisationId={humanitas.Id}")).Read<Page<PlacementResponse>>();
        Assert.Equal([first.Id, third.Id], atHumanitas.Items.Select(p => p.Id));
        var ofBram = await (await admin.GetAsync($"/v1/placements?volunteerId={bram.Id}")).Read<Page<PlacementResponse>>();
        Assert.Equal([second.Id, third.Id], ofBram.Items.Select(p => p.Id));

        var allOrganisations = await (await admin.GetAsync("/v1/organisations")).Read<Page<OrganisationResponse>>();
        Assert.Equal([humanitas.Id, haven.Id], allOrganisations.Items.Select(o => o.Id));
        var partner = api.Client(ApiRole.Partner, haven.Id);
        var partnerOrganisations = await (await partner.GetAsync("/v1/organisations")).Read<Page<OrganisationResponse>>();
        Assert.Equal([haven.Id], partnerOrganisations.Items.Select(o => o.Id));
        var partnerPlacements = await (await partner.GetAsync($"/v1/placements?organisationId={humanitas.Id}")).Read<Page<PlacementResponse>>();
        Assert.Equal([second.Id], partnerPlacements.Items.Select(p => p.Id));
        await (await partner.GetAsync($"/v1/placements/{first.Id}")).Problem(HttpStatusCode.NotFound, "not_found");

        var volunteers = await (await admin.GetAsync("/v1/volunteers?limit=1")).Read<Page<VolunteerResponse>>();
        var rest = await (await admin.GetAsync($"/v1/volunteers?limit=1&cursor={volunteers.NextCursor}")).Read<Page<VolunteerResponse>>();
        Assert.Equal([anna.Id, bram.Id], volunteers.Items.Concat(rest.Items).Select(v => v.Id));
    }

    [SqlServerFact]
    public async Task Organisation_patch_and_key_revocation_on_sql_server()
    {
        using var database = new TemporarySqlServerDatabase();
        using var api = new SqlServerApiFactory(database.ConnectionString);
        var admin = api.Admin();
        var organisation = await api.Organisation("Humanitas Almere");

        var missing = await admin.Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Active: false), null);
        var patched = await admin.Patch($"/v1/organisations/{organisation.Id}", new UpdateOrganisationRequest(Active: false, KvkNumber: ""), "\"1\"");

        await missing.Problem(HttpStatusCode.PreconditionRequired, "precondition_required");
        var updated = await patched.Read<OrganisationResponse>();
        Assert.Equal((false, (string?)null), (updated.Active, updated.KvkNumber));
        var placement = await admin.PostJson("/v1/placements", new CreatePlacementRequest((await api.Volunteer()).Id, organisation.Id, new LocalDate(2025, 1, 1), "Koken"));
        var problem = await placement.Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["organisationId"], problem.ErrorFields());

        var coordinator = api.Client(ApiRole.Coordinator);
        var keys = await (await admin.GetAsync("/v1/api-keys")).Read<Page<ApiKeyResponse>>();
        var coordinatorKey = keys.Items.Single(k => k.Role == ApiRole.Coordinator);
        Assert.Equal(HttpStatusCode.OK, (await coordinator.GetAsync("/v1/volunteers")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/v1/api-keys/{coordinatorKey.Id}")).StatusCode);
        await (await coordinator.GetAsync("/v1/volunteers")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
    }
}
