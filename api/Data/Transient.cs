using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Polly;
using Polly.Retry;

namespace Burgerbaan.Api.Data;

/// <summary>Which database errors are worth retrying, and the retry pipeline around a unit of work.</summary>
public static class Transient
{
    /// <summary>
    /// SqlClient's own transient list (deadlock victim 1205, lock timeout 1222, Azure throttling and
    /// failover, broken connections). Not -2: a timeout whose statement may have completed.
    /// </summary>
    public static readonly IReadOnlySet<int> SqlServerNumbers = new HashSet<int>
    {
        20, 64, 233, 1204, 1205, 1222, 4060, 4221, 10053, 10054, 10060, 10928, 10929,
        40143, 40197, 40501, 40540, 40613, 49918, 49919, 49920,
    };

    private const int SqliteBusy = 5;
    private const int SqliteLocked = 6;

    public static bool IsTransient(Exception exception) => exception switch
    {
        SqliteException sqlite => (sqlite.SqliteErrorCode & 0xFF) is SqliteBusy or SqliteLocked,
        SqlException sql => sql.Errors.Cast<SqlError>().Any(e => SqlServerNumbers.Contains(e.Number)),
        _ => false,
    };

    /// <summary>At most 3 retries of the whole unit of work, exponential backoff with jitter.</summary>
    public static ResiliencePipeline Pipeline(TimeSpan? baseDelay = null) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<DbException>(IsTransient),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = baseDelay ?? TimeSpan.FromMilliseconds(40),
        })
        .Build();
}
