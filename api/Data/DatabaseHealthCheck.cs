using Dapper;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Burgerbaan.Api.Data;

/// <summary>Ready means the database answers a query.</summary>
internal sealed class DatabaseHealthCheck(Db db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await db.ReadAsync((c, ct) => c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", cancellationToken: ct)), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (System.Data.Common.DbException e)
        {
            return HealthCheckResult.Unhealthy("database unreachable: " + e.GetType().Name);
        }
    }
}
