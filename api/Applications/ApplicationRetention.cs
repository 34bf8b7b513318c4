using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Applications;

/// <summary>
/// Once an hour: declined and withdrawn applications decided more than <c>Applications:RetentionDays</c> ago are deleted
/// (they never became volunteers, so nothing is kept, not even pseudonymised); accepted ones lose every personal field and
/// keep only the link to their volunteer. Each is audited (application.erased), without personal data.
/// </summary>
public sealed class ApplicationRetention(Db db, IClock clock, IOptions<ApplicationSettings> options) : BackgroundService
{
    /// <summary>Erases what is due; returns how many applications were deleted or emptied.</summary>
    public async Task<int> EraseAsync(CancellationToken ct)
    {
        var now = clock.GetCurrentInstant();
        var cutoff = now - Duration.FromDays(options.Value.RetentionDays);
        return await db.WriteAsync(async (c, tx, token) =>
        {
            var due = (await c.QueryAsync<(long Id, string Status)>(new CommandDefinition(
                "SELECT id, status FROM applications WHERE decided_at IS NOT NULL AND erased_at IS NULL AND decided_at < @cutoff",
                new { cutoff }, tx, cancellationToken: token))).AsList();
            foreach (var (id, status) in due)
            {
                await c.ExecuteAsync(new CommandDefinition(status == "accepted"
                    ? "UPDATE applications SET first_name = NULL, last_name = NULL, email = NULL, phone = NULL, date_of_birth = NULL, " +
                      "neighbourhood = NULL, interests = '[]', hours_per_week = NULL, days = '[]', motivation = NULL, opportunity_ids = '[]', " +
                      "contact_note = NULL, erased_at = @now, updated_at = @now, version = version + 1 WHERE id = @id"
                    : "DELETE FROM applications WHERE id = @id",
                    new { id, now }, tx, cancellationToken: token));
                await AuditTrail.WriteAsync(c, tx, null, "application.erased", "application", id,
                    new { before = new { status }, after = new { erased = status == "accepted" ? "personal fields" : "application" } }, now, token);
            }
            return due.Count;
        }, ct);
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
            catch (System.Data.Common.DbException)
            {
                // Try again next hour; the data only lives an hour longer than promised.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
