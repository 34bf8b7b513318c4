using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Burgerbaan.Tests.People;
using Burgerbaan.Tests.Website;
using NodaTime;
using static Burgerbaan.Tests.Privacy.PrivacyWorld;

namespace Burgerbaan.Tests.Privacy;

/// <summary>DELETE /v1/volunteers/{id}: the person goes at once, the fiscal record stays; everything read back through the API.</summary>
public sealed class PseudonymisationTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static readonly LocalDate KeptUntil = new(2032, 12, 31);

    [Fact]
    public async Task Delete_pseudonymises_the_person_at_once_and_keeps_the_fiscal_record()
    {
        var w = await Create(api);
        (await api.Client(ApiRole.Finance).PostJson($"/v1/volunteers/{w.VolunteerId}/outside-allowances", new CreateOutsideAllowanceRequest(
            new YearMonth(2025, 2), 2_500, "Voedselbank Almere", OutsideAllowanceKind.Gift, $"Brief aan {w.FirstName}"))).EnsureSuccessStatusCode();
        var before = await w.Export();
        var now = api.Clock.GetCurrentInstant();

        var done = await (await w.Delete()).Read<VolunteerPseudonymised>();

        // Two more trail rows hold personal values than the world alone has: the wishes copied from the application, and the
        // outside allowance's evidence.
        Assert.Equal(AsJson(new VolunteerPseudonymised(w.VolunteerId, now, KeptUntil, new LocalDate(1990, 1, 1), [w.KeyId], 6)), AsJson(done));
        var read = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}")).Read<VolunteerResponse>();
        Assert.Equal(before.Volunteer with
        {
            FirstName = "Erased", LastName = $"Volunteer {w.VolunteerId}", DateOfBirth = new LocalDate(1990, 1, 1), Email = null, Phone = null, Iban = null,
            Active = false, UpdatedAt = now,
        }, read);
        var after = await w.Export();
        Assert.Equal(read, after.Volunteer);
        Assert.Equal(new PseudonymisationStatus(now, KeptUntil), after.Pseudonymisation);
        // The fiscal record, unchanged but for free text that may name the person: payouts, hours, agreements, placements.
        Assert.Equal(AsJson(before.Payouts.Select(p => p with
        {
            Description = null,
            PayeeName = p.PayeeName is null ? null : $"Erased Volunteer {w.VolunteerId}",
            PayeeIban = null,
        })), AsJson(after.Payouts));
        Assert.Contains(before.Payouts, p => p.PayeeIban is not null);
        Assert.Equal([null, $"Reiskosten {w.FirstName}"], before.Payouts.Select(p => p.Description));
        Assert.Equal(AsJson(before.Hours.Select(h => h with { Description = null })), AsJson(after.Hours));
        Assert.Equal($"Koffieochtend met {w.FirstName}", Assert.Single(before.Hours).Description);
        Assert.Equal(AsJson(before.Agreements), AsJson(after.Agreements));
        Assert.Equal(AsJson(before.Placements), AsJson(after.Placements));
        var allocation = Assert.Single(after.SponsorAllocations);
        var was = Assert.Single(before.SponsorAllocations);
        Assert.Equal(AsJson(was with { Consent = was.Consent with { Note = null, NameInReports = false }, UpdatedAt = now }), AsJson(allocation));
        var application = Assert.Single(after.Applications);
        Assert.Equal((ApplicationStatus.Accepted, w.VolunteerId, null, null, null, null, null, null, null),
            (application.Status, application.VolunteerId, application.FirstName, application.LastName, application.Email, application.Phone,
             application.DateOfBirth, application.Neighbourhood, application.Motivation));
        Assert.Empty(application.Interests);
        // Wishes end with matching; an outside allowance stays a fiscal record without its free-text evidence.
        Assert.Equal(AsJson(new VolunteerWishes(w.VolunteerId, ["koken"], "Haven", null)), AsJson(before.Wishes));
        Assert.Null(after.Wishes);
        var declared = Assert.Single(before.OutsideAllowances);
        Assert.Equal($"Brief aan {w.FirstName}", declared.Evidence);
        Assert.Equal(AsJson(declared with { Evidence = null }), AsJson(Assert.Single(after.OutsideAllowances)));
        var wishes = await (await api.Admin().GetAsync($"/v1/volunteers/{w.VolunteerId}/wishes")).Read<VolunteerWishes>();
        Assert.Equal(AsJson(new VolunteerWishes(w.VolunteerId, [], null, null)), AsJson(wishes));
        var key = Assert.Single(after.ApiKeys);
        Assert.Equal(("volunteer key (erased)", (Instant?)now), (key.Name, key.RevokedAt));
        var text = AsJson(after);
        foreach (var value in w.PersonalValues)
        {
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task The_trail_keeps_its_rows_without_the_personal_values_and_records_the_deletion_without_them()
    {
        var w = await Create(api);
        var rowsBefore = (await w.Export()).AuditEntries;

        (await w.Delete()).EnsureSuccessStatusCode();

        var trail = await api.Admin().Audit("volunteer", w.VolunteerId);
        Assert.Equal(["volunteer.created", "volunteer.changed", "volunteer.pseudonymised"], trail.Select(e => e.Action));
        Assert.Equal("""{"after":{"firstName":"[erased]","lastName":"[erased]","dateOfBirth":"[erased]","email":"[erased]","phone":"[erased]","iban":"[erased]","active":true}}""",
            trail[0].Summary.GetRawText());
        Assert.Equal("""{"before":{"phone":"[erased]"},"after":{"phone":"[erased]"}}""", trail[1].Summary.GetRawText());
        Assert.Equal(("volunteer key (erased)", ApiRole.Volunteer), (trail[1].ApiKeyName, trail[1].Role));
        Assert.Equal(
            $$$"""{"before":{"active":true},"after":{"active":false,"erasedFields":["firstName","lastName","email","phone","iban"],"dateOfBirthReducedTo":"year","retainUntil":"2032-12-31","revokedApiKeyIds":[{{{w.KeyId}}}],"redactedAuditEntries":5}}""",
            trail[2].Summary.GetRawText());
        Assert.Equal(("bootstrap admin", ApiRole.Admin), (trail[2].ApiKeyName, trail[2].Role));
        var revoked = await api.Admin().Audit("api_key", w.KeyId);
        Assert.Equal(["api_key.created", "api_key.revoked"], revoked.Select(e => e.Action));
        Assert.Equal($$$"""{"after":{"name":"[erased]","role":"volunteer","organisationId":null,"volunteerId":{{{w.VolunteerId}}}}}""", revoked[0].Summary.GetRawText());
        var consent = Assert.Single(await api.Admin().Audit("sponsor_allocation", w.AllocationId));
        Assert.Contains("\"note\":\"[erased]\"", consent.Summary.GetRawText(), StringComparison.Ordinal);
        // Every row that was there is there still, with its instant, key, action and entity.
        var rowsAfter = (await w.Export()).AuditEntries;
        Assert.Equal(rowsBefore.Select(e => (e.Id, e.At, e.ApiKeyId, e.Action, e.Entity, e.EntityId)),
            rowsAfter.Where(e => rowsBefore.Any(b => b.Id == e.Id)).Select(e => (e.Id, e.At, e.ApiKeyId, e.Action, e.Entity, e.EntityId)));
        var payoutRows = rowsBefore.Where(e => e.Entity == "payout").Select(e => AsJson(e.Summary));
        Assert.Equal(payoutRows, rowsAfter.Where(e => e.Entity == "payout").Select(e => AsJson(e.Summary)));
    }

    [Fact]
    public async Task After_the_delete_no_name_list_duplicate_check_key_partner_or_sponsor_finds_the_person()
    {
        var w = await Create(api);
        var sponsorKey = api.WithKey(await SponsorKit.Key(api, w.SponsorId));
        var named = await (await sponsorKey.GetAsync($"/v1/sponsors/{w.SponsorId}/sroi-report")).Read<SroiReportResponse>();
        Assert.Equal([$"{w.FirstName} {w.LastName}"], named.Sponsorships.Single().PlaceList.SelectMany(p => p.Names));

        (await w.Delete()).EnsureSuccessStatusCode();

        var all = await api.AllVolunteers();
        Assert.DoesNotContain(all, v => v.FirstName == w.FirstName || v.LastName == w.LastName || v.Iban == w.Iban || v.Email == w.Email);
        Assert.Equal(("Erased", $"Volunteer {w.VolunteerId}"), all.Where(v => v.Id == w.VolunteerId).Select(v => (v.FirstName, v.LastName)).Single());
        await (await w.Own.GetAsync("/v1/me")).Problem(HttpStatusCode.Unauthorized, "unauthorized");
        var placement = await (await w.Partner.GetAsync($"/v1/placements/{w.PlacementId}")).Read<PlacementResponse>();
        Assert.Equal(new VolunteerRef(w.VolunteerId, "Erased", "V."), placement.Volunteer);
        var report = await (await sponsorKey.GetAsync($"/v1/sponsors/{w.SponsorId}/sroi-report")).Read<SroiReportResponse>();
        Assert.Empty(report.Sponsorships.Single().PlaceList.SelectMany(p => p.Names));
        Assert.Equal(named.Totals, report.Totals);
        // The same person registered again is no duplicate of the pseudonym: neither name and date of birth nor IBAN match.
        var again = await (await api.Admin().PostJson("/v1/volunteers", new CreateVolunteerRequest(w.FirstName, w.LastName, w.Born, w.Email, null, w.Iban)))
            .Read<VolunteerResponse>(HttpStatusCode.Created);
        Assert.NotEqual(w.VolunteerId, again.Id);
    }

    [Fact]
    public async Task Delete_is_refused_while_a_payout_is_pending_or_approved_and_changes_nothing()
    {
        var w = await Create(api);
        var pending = await api.Admin().Pay(PayoutKit.Payout(w.VolunteerId, 1000, 4, PayoutKind.Travel));
        var approved = await api.Admin().Pay(PayoutKit.Payout(w.VolunteerId, 1000, 5, PayoutKind.Travel));
        (await api.Finance().Act(approved.Id, "approve")).EnsureSuccessStatusCode();
        var before = AsJson(await w.Export());

        var problem = await (await w.Delete()).Problem(HttpStatusCode.Conflict, "volunteer_has_open_payouts");

        Assert.Equal([pending.Id, approved.Id], problem["payoutIds"].Ids());
        Assert.Equal($"Volunteer {w.VolunteerId} has pending or approved payout(s) {pending.Id}, {approved.Id}; mark them paid, or cancel or reject them, first.",
            (string?)problem["detail"]);
        Assert.Equal(before, AsJson(await w.Export()));
        (await w.Own.GetAsync("/v1/me")).EnsureSuccessStatusCode();

        (await api.Finance().Act(pending.Id, "cancel")).EnsureSuccessStatusCode();
        (await api.Finance().Act(approved.Id, "mark-paid")).EnsureSuccessStatusCode();
        (await w.Delete()).EnsureSuccessStatusCode();
        Assert.Equal("Erased", (await w.Export()).Volunteer.FirstName);
    }

    [Fact]
    public async Task A_pseudonymised_volunteer_is_not_deleted_again_nor_changed()
    {
        var w = await Create(api);
        var done = await (await w.Delete()).Read<VolunteerPseudonymised>();
        var before = AsJson(await w.Export());
        var detail = $"Volunteer {w.VolunteerId} was pseudonymised at {NodaTime.Text.InstantPattern.ExtendedIso.Format(done.PseudonymisedAt)}; " +
            "the record changes no more and is erased after 2032-12-31.";

        var again = await (await w.Delete()).Problem(HttpStatusCode.Conflict, "volunteer_pseudonymised");
        var patch = await (await api.PatchVolunteer(w.VolunteerId, new { firstName = w.FirstName, active = true })).Problem(HttpStatusCode.Conflict, "volunteer_pseudonymised");

        Assert.Equal(detail, (string?)again["detail"]);
        Assert.Equal(detail, (string?)patch["detail"]);
        Assert.Equal(before, AsJson(await w.Export()));
    }

    [Fact]
    public async Task Delete_needs_the_current_etag_and_an_unknown_volunteer_is_a_404()
    {
        var w = await Create(api);
        var before = AsJson(await w.Export());

        await (await w.Delete(ifMatch: null)).Problem(HttpStatusCode.PreconditionRequired, "precondition_required");
        await (await w.Delete(ifMatch: "\"99\"")).Problem(HttpStatusCode.PreconditionFailed, "precondition_failed");
        var unquoted = await (await w.Delete(ifMatch: "1")).Problem(HttpStatusCode.BadRequest, "validation_failed");
        Assert.Equal(["If-Match"], unquoted.ErrorFields());
        Assert.Equal(before, AsJson(await w.Export()));

        var request = new HttpRequestMessage(HttpMethod.Delete, "/v1/volunteers/987654");
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        await (await api.Admin().SendAsync(request)).Problem(HttpStatusCode.NotFound, "not_found");
    }

    /// <summary>The date of birth keeps what the paid hours need: the age band (under 21 or not) of every day paid stays as it was.</summary>
    [Theory]
    [InlineData("1990-06-15", "2025-03-10", "1990-01-01", "year")]
    [InlineData("2004-03-20", "2025-02-10", "2004-03-01", "month")]
    [InlineData("2004-03-20", "2025-03-10", "2004-03-20", "day")]
    public async Task The_date_of_birth_is_reduced_to_what_the_paid_hours_need(string born, string worked, string kept, string reducedTo)
    {
        var w = await Create(api, NodaTime.Text.LocalDatePattern.Iso.Parse(born).Value, NodaTime.Text.LocalDatePattern.Iso.Parse(worked).Value);

        var done = await (await w.Delete()).Read<VolunteerPseudonymised>();

        Assert.Equal(kept, NodaTime.Text.LocalDatePattern.Iso.Format(done.DateOfBirthKept));
        Assert.Equal(done.DateOfBirthKept, (await w.Export()).Volunteer.DateOfBirth);
        Assert.Contains($"\"dateOfBirthReducedTo\":\"{reducedTo}\"", (await api.Admin().Audit("volunteer", w.VolunteerId))[^1].Summary.GetRawText(),
            StringComparison.Ordinal);
    }
}
