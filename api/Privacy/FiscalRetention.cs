using System.Data.Common;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;
using NodaTime.Text;

namespace Burgerbaan.Api.Privacy;

/// <summary>
/// Once an hour (the applications' retention job's pattern): a pseudonymised volunteer whose <c>retain_until</c> has passed
/// (Europe/Amsterdam) is erased. Their records are deleted (hours, payouts with their run lines, totals, allocations,
/// placements, agreements, applications, keys and the volunteer row itself); their audit rows, which the database never
/// deletes, keep instant, key, role, action, entity and id, and their summaries become <c>{"erased":"retention"}</c>. So the
/// trail still shows that something happened, and holds nothing about whom. Audited as <c>volunteer.erased</c>.
/// Each volunteer is erased in a transaction of its own.
/// </summary>
public sealed class FiscalRetention(Db db, IClock clock) : BackgroundService
{
    /// <summary>
    /// In dependency order. EXTENSION POINT: tables added later that hang off a volunteer or their payouts come first here
    /// (F2's payment batch lines for these payouts; F4's outside allowances).
    /// </summary>
    private static readonly string[] Deletes =
    [
        // A batch keeps its other volunteers' lines; this volunteer's leave it with their payouts (the batch is as old).
        "DELETE FROM payment_batch_payouts WHERE payout_id IN (SELECT id FROM payouts WHERE volunteer_id = @id)",
        "DELETE FROM outside_allowances WHERE volunteer_id = @id",
        "DELETE FROM volunteer_wishes WHERE volunteer_id = @id",
        "DELETE FROM hour_entries WHERE volunteer_id = @id",
        "DELETE FROM payout_run_lines WHERE volunteer_id = @id",
        "DELETE FROM payouts WHERE volunteer_id = @id",
        "DELETE FROM allowance_month_totals WHERE volunteer_id = @id",
        "DELETE FROM allowance_year_totals WHERE volunteer_id = @id",
        "DELETE FROM sponsor_allocations WHERE volunteer_id = @id",
        "DELETE FROM placements WHERE volunteer_id = @id",
        "DELETE FROM agreements WHERE volunteer_id = @id",
        "DELETE FROM applications WHERE volunteer_id = @id",
        "DELETE FROM idempotency_keys WHERE api_key_id IN (SELECT id FROM api_keys WHERE volunteer_id = @id)",
        "DELETE FROM api_keys WHERE volunteer_id = @id",
        "DELETE FROM volunteers WHERE id = @id",
    ];

    /// <summary>Erases every volunteer that is due; returns their ids.</summary>
    public async Task<IReadOnlyList<long>> EraseAsync(CancellationToken ct)
    {
        var today = Today.In(clock);
        var due = await db.ReadAsync(async (c, token) => (await c.QueryAsync<long>(new CommandDefinition(
            "SELECT id FROM volunteers WHERE retain_until IS NOT NULL AND retain_until < @today ORDER BY id", new { today },
            cancellationToken: token))).AsList(), ct);
        foreach (var id in due)
        {
            await db.WriteAsync((c, tx, token) => EraseOneAsync(c, tx, id, today, token), ct);
        }
        return due;
    }

    private async Task<int> EraseOneAsync(DbConnection c, DbTransaction tx, long id, LocalDate today, CancellationToken ct)
    {
        // Read again in the transaction: only a volunteer still due (and still there) is erased.
        var row = await Volunteers.VolunteerEndpoints.Find(c, tx, db.Dialect, id, ct);
        if (row?.RetainUntil is not { } retainUntil || retainUntil >= today)
        {
            return 0;
        }
        var now = clock.GetCurrentInstant();
        // First, while the records still say which audit rows are theirs.
        var erased = await VolunteerFootprint.EraseSummariesAsync(c, tx, id, now, ct);
        foreach (var statement in Deletes)
        {
            await c.ExecuteAsync(new CommandDefinition(statement, new { id }, tx, cancellationToken: ct));
        }
        await AuditTrail.WriteAsync(c, tx, null, "volunteer.erased", "volunteer", id,
            new { after = new { erased = "retention", retainUntil = LocalDatePattern.Iso.Format(retainUntil), erasedAuditEntries = erased } }, now, ct);
        return erased;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await EraseAsync(stoppingToken);
            }
            catch (DbException)
            {
                // Try again next hour; the records only live an hour longer than the law asks.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
