using System.Net;
using Burgerbaan.Api.Privacy;
using Burgerbaan.Contracts;
using Burgerbaan.Tests.Infrastructure;
using Burgerbaan.Tests.Payouts;
using Burgerbaan.Tests.Website;
using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using NodaTime;
using static Burgerbaan.Tests.Privacy.PrivacyWorld;

namespace Burgerbaan.Tests.Privacy;

/// <summary>
/// The retention job erases a pseudonymised volunteer's fiscal record once 31 December of the seventh year after the last
/// payout's year has passed (Europe/Amsterdam). One test: it moves the class's clock by years.
/// </summary>
public sealed class FiscalRetentionTests(WebsiteFactory api) : IClassFixture<WebsiteFactory>
{
    private static Instant Amsterdam(int year, int month, int day, int hour, int minute) =>
        new LocalDateTime(year, month, day, hour, minute).InZoneStrictly(DateTimeZoneProviders.Tzdb["Europe/Amsterdam"]).ToInstant();

    [Fact]
    public async Task The_job_erases_the_record_the_day_after_retain_until_and_leaves_the_audit_rows_as_tombstones()
    {
        var retention = api.Services.GetRequiredService<FiscalRetention>();
        var w = await Create(api);
        Assert.Equal(new LocalDate(2032, 12, 31), (await (await w.Delete()).Read<VolunteerPseudonymised>()).RetainUntil);
        var trail = (await w.Export()).AuditEntries;
        // Never paid: no fiscal record, so only the day of the deletion is kept.
        var unpaid = await Seed.Volunteer(api, "Nooit", "Betaald");
        var unpaidDone = await (await DeleteVolunteer(unpaid.Id)).Read<VolunteerPseudonymised>();
        Assert.Equal(new LocalDate(2025, 3, 14), unpaidDone.RetainUntil);

        Assert.Empty(await retention.EraseAsync(CancellationToken.None));
        api.Clock.Reset(Amsterdam(2025, 3, 15, 0, 5));
        Assert.Equal([unpaid.Id], await retention.EraseAsync(CancellationToken.None));
        await (await api.Admin().GetAsync($"/v1/volunteers/{unpaid.Id}")).Problem(HttpStatusCode.NotFound, "not_found");

        api.Clock.Reset(Amsterdam(2032, 12, 31, 23, 55));
        Assert.Empty(await retention.EraseAsync(CancellationToken.None));
        Assert.Equal("Erased", (await w.Export()).Volunteer.FirstName);

        api.Clock.Reset(Amsterdam(2033, 1, 1, 0, 5));
        Assert.Equal([w.VolunteerId], await retention.EraseAsync(CancellationToken.None));

        var admin = api.Admin();
        await (await admin.GetAsync($"/v1/volunteers/{w.VolunteerId}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"/v1/volunteers/{w.VolunteerId}/export")).Problem(HttpStatusCode.NotFound, "not_found");
        foreach (var payout in w.PayoutIds)
        {
            await (await admin.GetAsync($"/v1/payouts/{payout}")).Problem(HttpStatusCode.NotFound, "not_found");
        }
        Assert.Empty((await (await admin.GetAsync($"/v1/hours?volunteerId={w.VolunteerId}")).Read<Page<HourEntryResponse>>()).Items);
        await (await admin.GetAsync($"/v1/placements/{w.PlacementId}")).Problem(HttpStatusCode.NotFound, "not_found");
        await (await admin.GetAsync($"/v1/applications/{w.ApplicationId}")).Problem(HttpStatusCode.NotFound, "not_found");
        Assert.Empty((await (await admin.GetAsync($"/v1/sponsorships/{w.SponsorshipId}/allocations")).Read<Page<AllocationResponse>>()).Items);
        Assert.DoesNotContain((await (await admin.GetAsync("/v1/api-keys?limit=200")).Read<Page<ApiKeyResponse>>()).Items, k => k.Id == w.KeyId);
        (await admin.GetAsync($"/v1/sponsorships/{w.SponsorshipId}")).EnsureSuccessStatusCode();

        // Every audit row is still there, as it was but for its summary; the job's own row says what it did.
        var kept = new List<AuditEntryResponse>();
        foreach (var (entity, id) in trail.Select(e => (e.Entity, e.EntityId)).Distinct())
        {
            kept.AddRange(await admin.Audit(entity, id));
        }
        var erasedRow = kept.Single(e => e.Action == "volunteer.erased");
        Assert.Equal($$$"""{"after":{"erased":"retention","retainUntil":"2032-12-31","erasedAuditEntries":{{{trail.Count}}}}}""", erasedRow.Summary.GetRawText());
        Assert.Equal(((long?)null, (ApiRole?)null, w.VolunteerId), (erasedRow.ApiKeyId, erasedRow.Role, erasedRow.EntityId));
        kept.Remove(erasedRow);
        Assert.Equal(trail.OrderBy(e => e.Id).Select(e => (e.Id, e.At, e.ApiKeyId, e.Role, e.Action, e.Entity, e.EntityId)),
            kept.OrderBy(e => e.Id).Select(e => (e.Id, e.At, e.ApiKeyId, e.Role, e.Action, e.Entity, e.EntityId)));
        Assert.All(kept, e => Assert.Equal("""{"erased":"retention"}""", e.Summary.GetRawText()));
    }

    [Fact]
    public async Task The_database_lets_through_only_a_redaction_of_an_audit_row_and_never_a_delete()
    {
        await (await api.Admin().PostJson("/v1/organisations", new CreateOrganisationRequest("Trigger " + Guid.NewGuid().ToString("n")[..6],
            OrganisationKind.Other))).Read<OrganisationResponse>(HttpStatusCode.Created);
        await using var c = new SqliteConnection(api.ConnectionString);
        await c.OpenAsync();
        var id = await c.ExecuteScalarAsync<long>("SELECT MAX(id) FROM audit_log");

        foreach (var statement in new[]
        {
            "UPDATE audit_log SET summary = '{}' WHERE id = @id",
            "UPDATE audit_log SET action = 'x.y', redacted_at = '2025-03-14T09:00:00Z' WHERE id = @id",
            "UPDATE audit_log SET entity_id = entity_id + 1, redacted_at = '2025-03-14T09:00:00Z' WHERE id = @id",
            "DELETE FROM audit_log WHERE id = @id",
        })
        {
            var refused = await Assert.ThrowsAsync<SqliteException>(() => c.ExecuteAsync(statement, new { id }));
            Assert.Contains("audit_log is append-only", refused.Message, StringComparison.Ordinal);
        }
        Assert.Equal(1, await c.ExecuteAsync("UPDATE audit_log SET summary = '{}', redacted_at = '2025-03-14T09:00:00Z' WHERE id = @id", new { id }));
    }

    private async Task<HttpResponseMessage> DeleteVolunteer(long id)
    {
        var request = new HttpRequestMessage(HttpMethod.Delete, $"/v1/volunteers/{id}");
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        return await api.Admin().SendAsync(request);
    }
}
