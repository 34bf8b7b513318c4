using System.Data.Common;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Contracts;
using Dapper;
using Mapster;
using NodaTime;

namespace Burgerbaan.Api.PayoutRuns;

/// <summary>The SQL of stored runs: the run row (status, how far it got, totals) and its report, a line per volunteer.</summary>
internal static class RunStore
{
    internal sealed class RunRow
    {
        public long Id { get; init; }
        public YearMonth Period { get; init; }
        public PayoutRunStatus Status { get; init; }
        public Instant CreatedAt { get; init; }
        public long LastVolunteerId { get; init; }
        public int PayoutCount { get; init; }
        public long PaidCents { get; init; }

        /// <summary>The key that started the run: its payouts count as created by that key (four eyes), whoever continues it.</summary>
        public long? StartedByKeyId { get; init; }
    }

    internal sealed class LineRow
    {
        public long PayoutRunId { get; init; }
        public long VolunteerId { get; init; }
        public int Minutes { get; init; }
        public long GrossCents { get; init; }
        public long PaidCents { get; init; }
        public long TrimmedCents { get; init; }
        public string? TrimmedBy { get; init; }
        public long? PayoutId { get; init; }
        public string? Skipped { get; init; }
        public long? SponsorshipId { get; init; }
    }

    internal const string RunColumns = "id AS Id, period AS Period, status AS Status, created_at AS CreatedAt, last_volunteer_id AS LastVolunteerId, " +
        "payout_count AS PayoutCount, paid_cents AS PaidCents, api_key_id AS StartedByKeyId";

    /// <summary>
    /// The period's running run. Inside a transaction the read holds its range on SQL Server until commit, so two
    /// instances that both find none cannot both insert one: the second waits, then finds the first's run (409, not a
    /// unique-index error). SQLite write transactions are exclusive already.
    /// </summary>
    public static Task<RunRow?> Running(DbConnection c, DbTransaction? tx, SqlDialect d, YearMonth period, CancellationToken ct) =>
        c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM {(tx is null ? "payout_runs" : d.Locked("payout_runs"))} WHERE period = @period AND status = 'running'",
            new { period }, tx, cancellationToken: ct));

    public static async Task<PayoutRunResponse?> Get(DbConnection c, long id, CancellationToken ct)
    {
        var run = await c.QuerySingleOrDefaultAsync<RunRow>(new CommandDefinition(
            $"SELECT {RunColumns} FROM payout_runs WHERE id = @id", new { id }, cancellationToken: ct));
        return run is null ? null : (await WithLines(c, [run], ct))[0];
    }

    /// <summary>The runs with their reports; one query reads the lines of every run given.</summary>
    public static async Task<List<PayoutRunResponse>> WithLines(DbConnection c, IReadOnlyList<RunRow> runs, CancellationToken ct)
    {
        if (runs.Count == 0)
        {
            return [];
        }
        var lines = (await c.QueryAsync<LineRow>(new CommandDefinition(
            "SELECT payout_run_id AS PayoutRunId, volunteer_id AS VolunteerId, minutes AS Minutes, gross_cents AS GrossCents, paid_cents AS PaidCents, " +
            "trimmed_cents AS TrimmedCents, trimmed_by AS TrimmedBy, payout_id AS PayoutId, skipped AS Skipped, sponsorship_id AS SponsorshipId " +
            "FROM payout_run_lines WHERE payout_run_id IN @ids ORDER BY payout_run_id, volunteer_id",
            new { ids = runs.Select(r => r.Id).ToArray() }, cancellationToken: ct))).ToLookup(l => l.PayoutRunId);
        return runs.Select(r => new PayoutRunResponse(r.Id, r.Period, r.Status, r.CreatedAt, r.PayoutCount, r.PaidCents,
            lines[r.Id].Select(l => l.Adapt<PayoutRunLine>(Mappings.Config)).ToList())).ToList();
    }

    public static Task InsertLines(DbConnection c, DbTransaction tx, long runId, IEnumerable<PayoutRunLine> lines, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO payout_run_lines (payout_run_id, volunteer_id, minutes, gross_cents, paid_cents, trimmed_cents, trimmed_by, payout_id, skipped, sponsorship_id) " +
            "VALUES (@runId, @VolunteerId, @Minutes, @GrossCents, @PaidCents, @TrimmedCents, @TrimmedBy, @PayoutId, @Skipped, @SponsorshipId)",
            lines.Select(l => new { runId, l.VolunteerId, l.Minutes, l.GrossCents, l.PaidCents, l.TrimmedCents, l.TrimmedBy, l.PayoutId, l.Skipped, l.SponsorshipId }).ToList(),
            tx, cancellationToken: ct));
}
