using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Dapper;
using Microsoft.Data.Sqlite;
using static Burgerbaan.Tests.People.PeopleKit;

namespace Burgerbaan.Tests.People;

/// <summary>The limits are per person: the same person registered twice, or one IBAN on two records, is refused unless confirmed.</summary>
public sealed class VolunteerDuplicateTests(BurgerbaanApiFactory api) : IClassFixture<BurgerbaanApiFactory>
{
    private async Task RefusedAndNothingStored(CreateVolunteerRequest request, long[] existing, long[]? byName = null, long[]? byIban = null)
    {
        var before = await api.AllVolunteers();
        await (await api.Admin().PostJson("/v1/volunteers", request)).Duplicate(existing, byName, byIban);
        Assert.Equal(before, await api.AllVolunteers());
    }

    [Theory]
    [InlineData("José", "van der Berg", "jose", "Berg")]
    [InlineData("José", "van der Berg", "JOSÉ", "Van Der Berg")]
    [InlineData("José", "van der Berg", " José ", "van  der-Berg")]
    [InlineData("Anne-Marie", "in 't Veld", "Annemarie", "Veld")]
    [InlineData("Anne-Marie", "in 't Veld", "anne marie", "In ’t Veld")]
    [InlineData("Zoë", "de Wit-van Dam", "Zoe", "Wit Dam")]
    [InlineData("Daniël", "O'Neill", "Daniel", "ONeill")]
    [InlineData("Søren", "ter Horst", "Soren", "Horst")]
    public async Task The_same_name_in_another_spelling_and_the_same_birth_date_is_refused(string first, string last, string otherFirst, string otherLast)
    {
        var born = NewBirthDate();
        var existing = await (await api.Admin().PostJson("/v1/volunteers", Person(first, last, born))).Created();

        await RefusedAndNothingStored(Person(otherFirst, otherLast, born), [existing.Id], byName: [existing.Id]);
    }

    [Fact]
    public async Task A_volunteer_registered_before_the_name_key_existed_is_found_all_the_same()
    {
        var born = NewBirthDate();
        var old = await (await api.Admin().PostJson("/v1/volunteers", Person("Thijs", "van 't Hof", born))).Created();
        await using (var c = new SqliteConnection(api.ConnectionString))
        {
            await c.OpenAsync();
            // What migration 0005 leaves on rows it finds: no key until their next change.
            Assert.Equal(1, await c.ExecuteAsync("UPDATE volunteers SET name_key = NULL WHERE id = @id", new { id = old.Id }));
        }

        await RefusedAndNothingStored(Person("thijs", "Hof", born), [old.Id], byName: [old.Id]);
    }

    [Fact]
    public async Task Another_birth_date_another_name_or_an_inactive_namesake_is_not_a_duplicate()
    {
        var born = NewBirthDate();
        var anna = await (await api.Admin().PostJson("/v1/volunteers", Person("Anna", "de Jong", born))).Created();
        var otherDay = await (await api.Admin().PostJson("/v1/volunteers", Person("Anna", "de Jong", born.PlusDays(1)))).Created();
        var otherName = await (await api.Admin().PostJson("/v1/volunteers", Person("Anne", "de Jong", born))).Created();
        var prefixOnly = await (await api.Admin().PostJson("/v1/volunteers", Person("Anna", "de Jongh", born))).Created();
        (await api.PatchVolunteer(anna.Id, new { active = false })).EnsureSuccessStatusCode();
        var again = await (await api.Admin().PostJson("/v1/volunteers", Person("anna", "Jong", born))).Created();

        var stored = await api.AllVolunteers();
        foreach (var created in new[] { otherDay, otherName, prefixOnly, again })
        {
            Assert.Equal(created, stored.Single(v => v.Id == created.Id));
        }
    }

    [Fact]
    public async Task An_iban_of_another_volunteer_active_or_not_is_refused_in_any_spelling()
    {
        var iban = Seed.NextIban();
        var holder = await (await api.Admin().PostJson("/v1/volunteers", Person("Piet", "Hein", NewBirthDate(), iban))).Created();
        (await api.PatchVolunteer(holder.Id, new { active = false })).EnsureSuccessStatusCode();
        var spaced = string.Join(' ', iban.ToLowerInvariant().Chunk(4).Select(c => new string(c)));

        await RefusedAndNothingStored(Person("Kees", "Boer", NewBirthDate(), spaced), [holder.Id], byIban: [holder.Id]);
    }

    [Fact]
    public async Task Confirming_exactly_the_matches_creates_the_volunteer_and_the_audit_row_records_it()
    {
        var born = NewBirthDate();
        var iban = Seed.NextIban();
        var first = await (await api.Admin().PostJson("/v1/volunteers", Person("Mohamed", "El Amrani", born))).Created();
        var payee = await (await api.Admin().PostJson("/v1/volunteers", Person("Fatima", "El Amrani", NewBirthDate(), iban))).Created();
        var request = Person("Mohamed", "el-Amrani", born, iban);
        await RefusedAndNothingStored(request, [first.Id, payee.Id], byName: [first.Id], byIban: [payee.Id]);

        await RefusedAndNothingStored(request with { ConfirmDistinctFrom = [first.Id] }, [first.Id, payee.Id], byName: [first.Id], byIban: [payee.Id]);
        var created = await (await api.Admin().PostJson("/v1/volunteers", request with { ConfirmDistinctFrom = [payee.Id, first.Id] })).Created();

        Assert.Equal(created, await api.GetVolunteer(created.Id));
        var audited = Assert.Single(await api.Finance().Audit("volunteer", created.Id));
        Assert.Equal(("volunteer.created", ApiRole.Admin), (audited.Action, audited.Role));
        Assert.Equal([first.Id, payee.Id], audited.Summary.GetProperty("confirmedDistinctFrom").EnumerateArray().Select(e => e.GetInt64()));
        var matchedOn = audited.Summary.GetProperty("matchedOn");
        Assert.Equal([first.Id], matchedOn.GetProperty("nameAndDateOfBirth").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal([payee.Id], matchedOn.GetProperty("iban").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Confirming_an_unknown_id_or_a_volunteer_that_does_not_match_is_a_400_and_stores_nothing()
    {
        var born = NewBirthDate();
        var existing = await (await api.Admin().PostJson("/v1/volunteers", Person("Lotte", "Smits", born))).Created();
        var stranger = await (await api.Admin().PostJson("/v1/volunteers", Person("Ruud", "Gullit", NewBirthDate()))).Created();
        var before = await api.AllVolunteers();

        var unknown = await (await api.Admin().PostJson("/v1/volunteers", Person("Lotte", "Smits", born, confirm: [existing.Id, 9_999_999])))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["confirmDistinctFrom"], unknown.ErrorFields());
        Assert.Equal("No volunteer has id 9999999.", (string?)unknown["errors"]!["confirmDistinctFrom"]![0]);
        var nothingMatches = await (await api.Admin().PostJson("/v1/volunteers", Person("Iris", "Kok", NewBirthDate(), confirm: [stranger.Id])))
            .Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal("No volunteer matches this one; leave confirmDistinctFrom out.", (string?)nothingMatches["errors"]!["confirmDistinctFrom"]![0]);
        await (await api.Admin().PostJson("/v1/volunteers", Person("Lotte", "Smits", born, confirm: [existing.Id, stranger.Id])))
            .Duplicate([existing.Id], byName: [existing.Id]);

        Assert.Equal(before, await api.AllVolunteers());
    }

    [Fact]
    public async Task A_patch_into_someone_elses_name_or_iban_is_refused_and_changes_nothing()
    {
        var born = NewBirthDate();
        var jan = await (await api.Admin().PostJson("/v1/volunteers", Person("Jan", "de Vries", born))).Created();
        var johan = await (await api.Admin().PostJson("/v1/volunteers", Person("Johan", "de Vries", born))).Created();

        await (await api.PatchVolunteer(johan.Id, new { firstName = "Ján" })).Duplicate([jan.Id], byName: [jan.Id]);
        await (await api.PatchVolunteer(johan.Id, new { iban = jan.Iban })).Duplicate([jan.Id], byIban: [jan.Id]);

        Assert.Equal(johan, await api.GetVolunteer(johan.Id));
        Assert.Equal(["volunteer.created"], (await api.Finance().Audit("volunteer", johan.Id)).Select(e => e.Action));
    }

    [Fact]
    public async Task A_confirmed_patch_changes_the_volunteer_and_audits_the_confirmation()
    {
        var born = NewBirthDate();
        var jan = await (await api.Admin().PostJson("/v1/volunteers", Person("Jan", "Bos", born))).Created();
        var johan = await (await api.Admin().PostJson("/v1/volunteers", Person("Johan", "Bos", born))).Created();

        var changed = await (await api.PatchVolunteer(johan.Id, new { firstName = "Jan", confirmDistinctFrom = new[] { jan.Id } })).Read<VolunteerResponse>();

        Assert.Equal(changed, await api.GetVolunteer(johan.Id));
        Assert.Equal("Jan", changed.FirstName);
        var audited = (await api.Finance().Audit("volunteer", johan.Id))[^1];
        Assert.Equal("volunteer.changed", audited.Action);
        Assert.Equal("""{"before":{"firstName":"Johan"},"after":{"firstName":"Jan"},"confirmedDistinctFrom":[""" + jan.Id + """],"matchedOn":{"nameAndDateOfBirth":[""" + jan.Id + "]}}",
            audited.Summary.GetRawText());
        // Changing what cannot make a duplicate does not ask again.
        (await api.PatchVolunteer(johan.Id, new { email = "jan.bos@example.org" })).EnsureSuccessStatusCode();
        Assert.Equal("jan.bos@example.org", (await api.GetVolunteer(johan.Id)).Email);
    }

    [Fact]
    public async Task Reactivating_a_volunteer_whose_double_is_active_is_refused()
    {
        var born = NewBirthDate();
        var old = await (await api.Admin().PostJson("/v1/volunteers", Person("Sara", "Visser", born))).Created();
        (await api.PatchVolunteer(old.Id, new { active = false })).EnsureSuccessStatusCode();
        var current = await (await api.Admin().PostJson("/v1/volunteers", Person("Sara", "Visser", born))).Created();

        await (await api.PatchVolunteer(old.Id, new { active = true })).Duplicate([current.Id], byName: [current.Id]);

        Assert.False((await api.GetVolunteer(old.Id)).Active);
    }
}
