using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using NodaTime;
using static Burgerbaan.Tests.People.PeopleKit;

namespace Burgerbaan.Tests.People;

/// <summary>Every create and change of a volunteer or organisation leaves one append-only row: who, when, and the changed fields before and after.</summary>
public sealed class PeopleAuditTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    [Fact]
    public async Task A_volunteers_life_is_audited_with_the_changed_fields_before_and_after()
    {
        var coordinator = await api.NewKey(ApiRole.Coordinator, "intake coordinator");
        var born = NewBirthDate();
        var iban = Seed.NextIban();
        var newIban = Seed.NextIban();
        var start = api.Clock.GetCurrentInstant();
        var created = await (await coordinator.Client.PostJson("/v1/volunteers",
            new CreateVolunteerRequest("Noor", "Bakker", born, "noor@example.org", null, iban))).Created();
        api.Clock.Advance(Duration.FromMinutes(1));
        var etag = (await api.Admin().GetAsync($"/v1/volunteers/{created.Id}")).Headers.ETag!.Tag;
        (await coordinator.Client.Patch($"/v1/volunteers/{created.Id}", new { lastName = "Bakker-Smit", iban = newIban, phone = "0611111111" }, etag))
            .EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(1));
        (await api.PatchVolunteer(created.Id, new { active = false })).EnsureSuccessStatusCode();
        api.Clock.Advance(Duration.FromMinutes(1));
        (await api.PatchVolunteer(created.Id, new { active = true, email = "" })).EnsureSuccessStatusCode();

        var trail = await api.Finance().Audit("volunteer", created.Id);

        Assert.Equal(
            [
                ("volunteer.created", ApiRole.Coordinator, start),
                ("volunteer.changed", ApiRole.Coordinator, start + Duration.FromMinutes(1)),
                ("volunteer.deactivated", ApiRole.Admin, start + Duration.FromMinutes(2)),
                ("volunteer.reactivated", ApiRole.Admin, start + Duration.FromMinutes(3)),
            ],
            trail.Select(e => (e.Action, e.Role!.Value, e.At)));
        Assert.Equal([coordinator.KeyId, coordinator.KeyId], trail.Take(2).Select(e => e.ApiKeyId!.Value));
        Assert.NotEqual(coordinator.KeyId, trail[2].ApiKeyId);
        Assert.All(trail, e => Assert.Equal(("volunteer", created.Id), (e.Entity, e.EntityId)));
        Assert.Equal(
            $$$"""{"after":{"firstName":"Noor","lastName":"Bakker","dateOfBirth":"{{{born:yyyy-MM-dd}}}","email":"noor@example.org","phone":null,"iban":"{{{iban}}}","active":true}}""",
            trail[0].Summary.GetRawText());
        Assert.Equal(
            $$$"""{"before":{"lastName":"Bakker","phone":null,"iban":"{{{iban}}}"},"after":{"lastName":"Bakker-Smit","phone":"0611111111","iban":"{{{newIban}}}"}}""",
            trail[1].Summary.GetRawText());
        Assert.Equal("""{"before":{"active":true},"after":{"active":false}}""", trail[2].Summary.GetRawText());
        Assert.Equal("""{"before":{"email":"noor@example.org","active":false},"after":{"email":null,"active":true}}""", trail[3].Summary.GetRawText());
        var stored = await api.GetVolunteer(created.Id);
        Assert.Equal(("Bakker-Smit", newIban, "0611111111", (string?)null, true), (stored.LastName, stored.Iban, stored.Phone, stored.Email, stored.Active));
    }

    [Fact]
    public async Task A_date_of_birth_change_is_audited_and_a_refused_change_leaves_no_row()
    {
        var created = await (await api.Admin().PostJson("/v1/volunteers", Person("Tim", "Mulder", new LocalDate(1991, 2, 3)))).Created();
        var etag = (await api.Admin().GetAsync($"/v1/volunteers/{created.Id}")).Headers.ETag!.Tag;

        await (await api.Admin().Patch($"/v1/volunteers/{created.Id}", new { dateOfBirth = "1991-03-02" }, "\"9\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        await (await api.Admin().Patch($"/v1/volunteers/{created.Id}", new { dateOfBirth = "2030-01-01" }, etag)).Problem(HttpStatusCode.BadRequest, "validation_failed");
        (await api.Admin().Patch($"/v1/volunteers/{created.Id}", new { dateOfBirth = "1991-03-02" }, etag)).EnsureSuccessStatusCode();

        var trail = await api.Finance().Audit("volunteer", created.Id);
        Assert.Equal(["volunteer.created", "volunteer.changed"], trail.Select(e => e.Action));
        Assert.Equal("""{"before":{"dateOfBirth":"1991-02-03"},"after":{"dateOfBirth":"1991-03-02"}}""", trail[1].Summary.GetRawText());
        Assert.Equal(new LocalDate(1991, 3, 2), (await api.GetVolunteer(created.Id)).DateOfBirth);
    }

    [Fact]
    public async Task An_organisations_life_is_audited_with_the_changed_fields_before_and_after()
    {
        var kvk = Seed.NextKvkNumber();
        var start = api.Clock.GetCurrentInstant();
        var created = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Buurthuis De Kolk", OrganisationKind.Nonprofit, kvk)))
            .Read<OrganisationResponse>(HttpStatusCode.Created);
        (await api.PatchOrganisation(created.Id, new { name = "Buurthuis De Kolk Almere", kind = "other", kvkNumber = "" })).EnsureSuccessStatusCode();
        (await api.PatchOrganisation(created.Id, new { active = false })).EnsureSuccessStatusCode();
        (await api.PatchOrganisation(created.Id, new { active = true })).EnsureSuccessStatusCode();

        var trail = await api.Finance().Audit("organisation", created.Id);

        Assert.Equal(["organisation.created", "organisation.changed", "organisation.deactivated", "organisation.reactivated"], trail.Select(e => e.Action));
        Assert.All(trail, e => Assert.Equal((ApiRole.Admin, start, "organisation", created.Id), (e.Role!.Value, e.At, e.Entity, e.EntityId)));
        Assert.Equal($$$"""{"after":{"name":"Buurthuis De Kolk","kind":"nonprofit","kvkNumber":"{{{kvk}}}","email":null,"active":true}}""", trail[0].Summary.GetRawText());
        Assert.Equal(
            $$$"""{"before":{"name":"Buurthuis De Kolk","kind":"nonprofit","kvkNumber":"{{{kvk}}}"},"after":{"name":"Buurthuis De Kolk Almere","kind":"other","kvkNumber":null}}""",
            trail[1].Summary.GetRawText());
        Assert.Equal("""{"before":{"active":false},"after":{"active":true}}""", trail[3].Summary.GetRawText());
        var stored = await (await api.Admin().GetAsync($"/v1/organisations/{created.Id}")).Read<OrganisationResponse>();
        Assert.Equal(("Buurthuis De Kolk Almere", OrganisationKind.Other, (string?)null, true), (stored.Name, stored.Kind, stored.KvkNumber, stored.Active));
    }

    [Fact]
    public async Task The_same_kvk_number_twice_is_refused_on_create_and_patch_and_stores_nothing()
    {
        var kvk = Seed.NextKvkNumber();
        var first = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Stichting Een", OrganisationKind.Nonprofit, kvk)))
            .Read<OrganisationResponse>(HttpStatusCode.Created);
        (await api.PatchOrganisation(first.Id, new { active = false })).EnsureSuccessStatusCode();
        var second = await api.Organisation("Stichting Twee");
        var before = await api.AllOrganisations();

        var created = await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Stichting Een (nieuw)", OrganisationKind.Care, kvk)))
            .Problem(HttpStatusCode.Conflict, "possible_duplicate");
        var patched = await (await api.PatchOrganisation(second.Id, new { kvkNumber = kvk })).Problem(HttpStatusCode.Conflict, "possible_duplicate");

        foreach (var problem in new[] { created, patched })
        {
            Assert.Equal([first.Id], problem["existingIds"].Ids());
            Assert.Equal([first.Id], problem["matchedOn"]!["kvkNumber"].Ids());
            Assert.Equal($"Organisation {first.Id} already has KvK number {kvk}.", (string?)problem["detail"]);
        }
        Assert.Equal(before, await api.AllOrganisations());
        Assert.Equal(["organisation.created"], (await api.Finance().Audit("organisation", second.Id)).Select(e => e.Action));
        // Keeping its own number is no conflict with itself.
        (await api.PatchOrganisation(second.Id, new { kvkNumber = second.KvkNumber, name = "Stichting Twee Almere" })).EnsureSuccessStatusCode();
    }
}
