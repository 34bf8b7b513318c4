using System.ComponentModel.DataAnnotations;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Idempotency;

/// <summary><c>Idempotency:RetentionHours</c>: how long keys are kept (at least 24, the promise to clients).</summary>
public sealed class IdempotencySettings
{
    public const string Section = "Idempotency";
    public const int Minimum = 24;

    [Range(Minimum, 24 * 365, ErrorMessage = "Configuration key 'Idempotency:RetentionHours' must be a whole number of hours from {1} to {2}.")]
    public int RetentionHours { get; set; } = 48;
}

/// <summary>Deletes idempotency keys past their retention, once an hour.</summary>
public sealed class IdempotencyPurger(Db db, IClock clock, IOptions<IdempotencySettings> options) : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetCurrentInstant() - Duration.FromHours(options.Value.RetentionHours);
        return await db.WriteAsync((c, tx, token) => c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM idempotency_keys WHERE created_at < @cutoff", new { cutoff }, tx, cancellationToken: token)), ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        do
        {
            try
            {
                await PurgeAsync(stoppingToken);
            }
            catch (System.Data.Common.DbException)
            {
                // Try again next hour; keys only live longer than promised.
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
