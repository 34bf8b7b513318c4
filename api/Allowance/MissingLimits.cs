using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary>
/// Years that should have limits by now and do not. Until an admin sets them, payouts and payout runs for those years are
/// refused, so the service says so loudly: a warning at start-up and a line in /health/ready.
/// </summary>
internal static partial class MissingLimits
{
    public const string HealthDataKey = "missingAllowanceLimits";

    /// <summary>This year (in Almere); in December also next year, whose figures the Belastingdienst publishes around then.</summary>
    public static IReadOnlyList<int> YearsDue(LocalDate today) => today.Month == 12 ? [today.Year, today.Year + 1] : [today.Year];

    public static async Task<IReadOnlyList<int>> FindAsync(Db db, IClock clock, CancellationToken ct)
    {
        var due = YearsDue(Today.In(clock));
        var present = await db.ReadAsync((c, token) => LimitsSql.YearsWithLimits(c, due, token), ct);
        return due.Where(y => !present.Contains(y)).ToList();
    }

    public static async Task WarnAsync(Db db, IClock clock, ILogger log, CancellationToken ct)
    {
        foreach (var year in await FindAsync(db, clock, ct))
        {
            LogMissing(log, year);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No allowance limits are set for {Year}: payouts and payout runs for {Year} are refused " +
        "(allowance_limits_missing). Set the Belastingdienst's published figures ('Vrijwilligersvergoedingen') with PUT /v1/allowance-limits/{Year}.")]
    private static partial void LogMissing(ILogger logger, int year);

    /// <summary>Always healthy (a missing year is the admin's job, not a reason to take the service out of rotation); names the missing years.</summary>
    internal sealed class HealthCheck(Db db, IClock clock) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var missing = await FindAsync(db, clock, cancellationToken);
                return HealthCheckResult.Healthy(
                    missing.Count == 0 ? "Allowance limits are set for every year due." : $"No allowance limits for {string.Join(", ", missing)}.",
                    new Dictionary<string, object> { [HealthDataKey] = missing });
            }
            catch (System.Data.Common.DbException)
            {
                // The database check reports the outage; this one has nothing to add.
                return HealthCheckResult.Healthy("Allowance limits unknown: the database did not answer.",
                    new Dictionary<string, object> { [HealthDataKey] = Array.Empty<int>() });
            }
        }
    }
}
