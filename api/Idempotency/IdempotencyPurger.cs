using Burgerbaan.Api.Data;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Idempotency;

/// <summary><c>Idempotency:RetentionHours</c>: how long keys are kept (at least 24, the promise to clients).</summary>
public sealed record IdempotencySettings(int RetentionHours)
{
    public const int Minimum = 24;

    public static IdempotencySettings FromConfiguration(IConfiguration configuration)
    {
        var text = configuration["Idempotency:RetentionHours"];
        if (text is null)
        {
            return new IdempotencySettings(48);
        }
        return int.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var hours) && hours is >= Minimum and <= 24 * 365
            ? new IdempotencySettings(hours)
            : throw new InvalidOperationException($"Configuration key 'Idempotency:RetentionHours' is '{text}'; use a whole number of hours from {Minimum} to 8760.");
    }
}

/// <summary>Deletes idempotency keys past their retention, once an hour.</summary>
public sealed class IdempotencyPurger(Db db, IClock clock, IdempotencySettings settings) : BackgroundService
{
    public async Task<int> PurgeAsync(CancellationToken ct)
    {
        var cutoff = clock.GetCurrentInstant() - Duration.FromHours(settings.RetentionHours);
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
