using Burgerbaan.Api.Common;
using Burgerbaan.Contracts;
using CsvHelper.Configuration.Attributes;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.PayoutRuns;

/// <summary>
/// The payout runs list as CSV: one row per report line (a volunteer of a run), the run's own figures repeated on each, so one file
/// holds every run's report (README, CSV exports). Runs in id order, each run's lines in volunteer order, as the JSON list has them.
/// </summary>
internal static class PayoutRunCsv
{
    internal sealed class Row
    {
        [Name("payout_run_id"), Index(0)] public long PayoutRunId { get; init; }
        [Name("period"), Index(1)] public required string Period { get; init; }
        [Name("run_status"), Index(2)] public required string RunStatus { get; init; }
        [Name("run_created_at"), Index(3)] public required string RunCreatedAt { get; init; }
        [Name("run_payout_count"), Index(4)] public int RunPayoutCount { get; init; }
        [Name("run_paid_cents"), Index(5)] public long RunPaidCents { get; init; }
        [Name("volunteer_id"), Index(6)] public long VolunteerId { get; init; }
        [Name("minutes"), Index(7)] public int Minutes { get; init; }
        [Name("gross_cents"), Index(8)] public long GrossCents { get; init; }
        [Name("paid_cents"), Index(9)] public long PaidCents { get; init; }
        [Name("trimmed_cents"), Index(10)] public long TrimmedCents { get; init; }
        [Name("trimmed_by"), Index(11)] public string? TrimmedBy { get; init; }
        [Name("payout_id"), Index(12)] public long? PayoutId { get; init; }
        [Name("skipped"), Index(13)] public string? Skipped { get; init; }
        [Name("sponsorship_id"), Index(14)] public long? SponsorshipId { get; init; }
    }

    internal sealed class LineRow
    {
        public long PayoutRunId { get; init; }
        public YearMonth Period { get; init; }
        public PayoutRunStatus RunStatus { get; init; }
        public Instant RunCreatedAt { get; init; }
        public int RunPayoutCount { get; init; }
        public long RunPaidCents { get; init; }
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

    public static readonly CsvExample Example = new(
        "payout_run_id,period,run_status,run_created_at,run_payout_count,run_paid_cents,volunteer_id,minutes,gross_cents,paid_cents,trimmed_cents," +
        "trimmed_by,payout_id,skipped,sponsorship_id\r\n" +
        "12,2025-03,completed,2025-04-01T07:00:00Z,1,6000,7,1080,9000,6000,3000,monthly_cap_exceeded,88,,\r\n" +
        "12,2025-03,completed,2025-04-01T07:00:00Z,1,6000,9,600,5000,0,0,,,no_headroom,\r\n");

    // The primary key of payout_run_lines (payout_run_id, volunteer_id) gives each run's lines in order: no sort.
    private const string Select =
        "SELECT r.id AS PayoutRunId, r.period AS Period, r.status AS RunStatus, r.created_at AS RunCreatedAt, r.payout_count AS RunPayoutCount, " +
        "r.paid_cents AS RunPaidCents, l.volunteer_id AS VolunteerId, l.minutes AS Minutes, l.gross_cents AS GrossCents, l.paid_cents AS PaidCents, " +
        "l.trimmed_cents AS TrimmedCents, l.trimmed_by AS TrimmedBy, l.payout_id AS PayoutId, l.skipped AS Skipped, l.sponsorship_id AS SponsorshipId " +
        "FROM payout_runs r JOIN payout_run_lines l ON l.payout_run_id = r.id";

    public static CsvResult Export(YearMonth? period)
    {
        var sql = Select + (period is null ? "" : " WHERE r.period = @period") + " ORDER BY r.id, l.volunteer_id";
        return CsvExport.Stream("payout-runs.csv", (c, ct) => c.QueryUnbufferedAsync<LineRow>(sql, new { period }).Select(ToRow, ct));
    }

    private static Row ToRow(LineRow l) => new()
    {
        PayoutRunId = l.PayoutRunId, Period = CsvExport.Month(l.Period), RunStatus = CsvExport.Name(l.RunStatus),
        RunCreatedAt = CsvExport.Instant(l.RunCreatedAt), RunPayoutCount = l.RunPayoutCount, RunPaidCents = l.RunPaidCents,
        VolunteerId = l.VolunteerId, Minutes = l.Minutes, GrossCents = l.GrossCents, PaidCents = l.PaidCents, TrimmedCents = l.TrimmedCents,
        TrimmedBy = l.TrimmedBy, PayoutId = l.PayoutId, Skipped = l.Skipped, SponsorshipId = l.SponsorshipId,
    };
}
