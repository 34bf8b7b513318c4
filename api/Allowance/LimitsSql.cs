using System.Data.Common;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Allowance;

/// <summary>The allowance_limits table: one row per calendar year. Allowance/ owns it; payouts read it through here.</summary>
internal static class LimitsSql
{
    internal sealed class LimitsRow
    {
        public int Year { get; init; }
        public long AnnualCents { get; init; }
        public long MonthlyCents { get; init; }
        public long HourlyCents { get; init; }
        public long HourlyUnder21Cents { get; init; }
        public Instant UpdatedAt { get; init; }
        public bool Statutory { get; init; }
        public int Version { get; init; }

        public Limits ToLimits() => new(Year, AnnualCents, MonthlyCents, HourlyCents, HourlyUnder21Cents);
    }

    public const string LimitsColumns = """
        year AS Year, annual_cents AS AnnualCents, monthly_cents AS MonthlyCents, hourly_cents AS HourlyCents,
        hourly_under21_cents AS HourlyUnder21Cents, updated_at AS UpdatedAt, statutory AS Statutory, version AS Version
        """;

    public static Task<LimitsRow?> Limits(DbConnection c, DbTransaction? tx, int year, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<LimitsRow>(new CommandDefinition(
            $"SELECT {LimitsColumns} FROM allowance_limits WHERE year = @year", new { year }, tx, cancellationToken: ct));

    public static async Task<List<LimitsRow>> All(DbConnection c, CancellationToken ct) =>
        (await c.QueryAsync<LimitsRow>(new CommandDefinition($"SELECT {LimitsColumns} FROM allowance_limits ORDER BY year", cancellationToken: ct))).AsList();

    /// <summary>Which of these years have limits.</summary>
    public static async Task<HashSet<int>> YearsWithLimits(DbConnection c, IReadOnlyCollection<int> years, CancellationToken ct) =>
        (await c.QueryAsync<int>(new CommandDefinition("SELECT year FROM allowance_limits WHERE year IN @years", new { years = years.ToArray() },
            cancellationToken: ct))).ToHashSet();
}
