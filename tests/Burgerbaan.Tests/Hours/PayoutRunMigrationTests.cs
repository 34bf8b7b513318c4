using System.Net;
using Burgerbaan.Contracts;
using Burgerbaan.Migrations;
using Burgerbaan.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;
using NodaTime;

namespace Burgerbaan.Tests.Hours;

/// <summary>Migration 0009 turns a run stored as one JSON report into lines; the API reads it back unchanged.</summary>
public sealed class PayoutRunMigrationTests : IDisposable
{
    private readonly BurgerbaanApiFactory _api = new();

    public void Dispose() => _api.Dispose();

    [Fact]
    public async Task A_run_stored_before_0009_reads_back_with_its_report_as_lines()
    {
        // The file as the service left it before 0009, with one stored run; the API starts (and migrates) after.
        new MigrationRunner(DatabaseProvider.Sqlite, _api.ConnectionString, TimeProvider.System)
        {
            Scripts = MigrationScript.Embedded(DatabaseProvider.Sqlite).Where(s => string.CompareOrdinal(s.Name, "0009") < 0).ToList(),
        }.Migrate();
        const string At = "2025-04-01T08:00:00Z";
        await using (var c = new SqliteConnection(_api.ConnectionString + ";Pooling=False"))
        {
            await c.ExecuteAsync(
                "INSERT INTO volunteers (id, first_name, last_name, date_of_birth, created_at, updated_at) VALUES (7, 'A', 'B', '1980-05-01', @At, @At), (9, 'C', 'D', '1980-05-01', @At, @At);" +
                "INSERT INTO agreements (id, volunteer_id, start_date, end_date, hourly_rate_cents, created_at, updated_at) VALUES (3, 7, '2025-01-01', '2025-12-31', 500, @At, @At);" +
                "INSERT INTO payout_runs (id, period, api_key_id, created_at, report) VALUES (5, '2025-03', NULL, @At, @Report);" +
                "INSERT INTO payouts (id, volunteer_id, agreement_id, kind, amount_cents, period, status, created_at, updated_at, payout_run_id) " +
                "VALUES (42, 7, 3, 'allowance', 5000, '2025-03', 'pending', @At, @At, 5);",
                new
                {
                    At,
                    Report = """{"id":5,"period":"2025-03","createdAt":"2025-04-01T08:00:00Z","payoutCount":1,"paidCents":5000,"volunteers":[""" +
                        """{"volunteerId":7,"minutes":600,"grossCents":5000,"paidCents":5000,"trimmedCents":0,"trimmedBy":null,"payoutId":42,"skipped":null},""" +
                        """{"volunteerId":9,"minutes":120,"grossCents":0,"paidCents":0,"trimmedCents":0,"trimmedBy":null,"payoutId":null,"skipped":"no_agreement_rate"}]}""",
                });
        }

        var run = await (await _api.Client(ApiRole.Finance).GetAsync("/v1/payout-runs/5")).Read<PayoutRunResponse>(HttpStatusCode.OK);

        Assert.Equal(new PayoutRunResponse(5, new YearMonth(2025, 3), PayoutRunStatus.Completed, Instant.FromUtc(2025, 4, 1, 8, 0), 1, 5_000, []),
            run with { Volunteers = [] });
        Assert.Equal([new PayoutRunLine(7, 600, 5_000, 5_000, 0, null, 42, null), new PayoutRunLine(9, 120, 0, 0, 0, null, null, "no_agreement_rate")],
            run.Volunteers);
    }
}
