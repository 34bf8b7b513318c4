using System.Diagnostics;
using System.Diagnostics.Metrics;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using NodaTime;

namespace Burgerbaan.Api.Telemetry;

/// <summary>
/// The meter <c>Burgerbaan</c>: what the cooperative's money and hours do, for the people who run the service (README,
/// Telemetry). Tags are codes and kinds only, never an id, a name or an amount of one person. A measurement nobody
/// listens to costs one check of the instrument's <c>Enabled</c>.
/// </summary>
public sealed class BusinessMetrics
{
    public const string MeterName = "Burgerbaan";

    /// <summary>A scrape reads the near-limit counts at most this often; between reads it gets the last ones.</summary>
    internal static readonly TimeSpan NearLimitMaxAge = TimeSpan.FromSeconds(15);

    private readonly Counter<long> _payoutsCreated;
    private readonly Counter<long> _payoutsRefused;
    private readonly Counter<long> _hoursIngested;
    private readonly Counter<long> _minutesIngested;
    private readonly Counter<long> _hoursRefused;
    private readonly Histogram<double> _runDuration;
    private readonly Counter<long> _runPayouts;
    private readonly Counter<long> _runPaidCents;
    private readonly Counter<long> _runTrimmed;
    private readonly Counter<long> _runSkipped;
    private readonly Counter<long> _replays;
    private readonly Db _db;
    private readonly IClock _clock;
    private readonly Lock _gate = new();
    private (long Taken, Measurement<long>[] Counts)? _nearLimit;

    public BusinessMetrics(IMeterFactory meters, Db db, IClock clock)
    {
        _db = db;
        _clock = clock;
        var meter = meters.Create(MeterName);
        _payoutsCreated = meter.CreateCounter<long>("burgerbaan.payouts.created", "{payout}", "Payouts created by POST /v1/payouts (not replays), by kind.");
        _payoutsRefused = meter.CreateCounter<long>("burgerbaan.payouts.refused", "{payout}", "Refused POST /v1/payouts, by problem code.");
        _hoursIngested = meter.CreateCounter<long>("burgerbaan.hours.ingested", "{entry}", "Hour entries of accepted POST /v1/hours, by outcome (inserted, updated, unchanged).");
        _minutesIngested = meter.CreateCounter<long>("burgerbaan.hours.ingested_minutes", "min", "Minutes of hour entries inserted or updated by POST /v1/hours.");
        _hoursRefused = meter.CreateCounter<long>("burgerbaan.hours.refused", "{request}", "Refused POST /v1/hours, by problem code.");
        _runDuration = meter.CreateHistogram<double>("burgerbaan.payout_runs.duration", "s", "Duration of POST /v1/payout-runs (not replays), by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120] });
        _runPayouts = meter.CreateCounter<long>("burgerbaan.payout_runs.payouts", "{payout}", "Payouts created by payout runs.");
        _runPaidCents = meter.CreateCounter<long>("burgerbaan.payout_runs.paid_cents", "{cent}", "Euro cents paid by payouts of payout runs.");
        _runTrimmed = meter.CreateCounter<long>("burgerbaan.payout_runs.trimmed", "{volunteer}", "Run lines paid less than their hours' worth, by the limit that trimmed them.");
        _runSkipped = meter.CreateCounter<long>("burgerbaan.payout_runs.skipped", "{volunteer}", "Run lines that paid nothing, by reason.");
        _replays = meter.CreateCounter<long>("burgerbaan.idempotency.replays", "{request}", "Requests answered from a stored Idempotency-Key response, by operation.");
        meter.CreateObservableGauge("burgerbaan.volunteers.near_limit", NearLimit, "{volunteer}",
            "Volunteers with less than 10% of a limit left (annual: this year's effective cap; monthly: this month's limit), as of their last payout.");
    }

    public void PayoutCreated(PayoutKind kind) => _payoutsCreated.Add(1, new KeyValuePair<string, object?>("kind", Lower(kind)));

    public void PayoutRefused(string code) => _payoutsRefused.Add(1, new KeyValuePair<string, object?>("code", code));

    public void HoursRefused(string code) => _hoursRefused.Add(1, new KeyValuePair<string, object?>("code", code));

    public void HoursIngested(int inserted, int updated, int unchanged, long minutes)
    {
        if (!_hoursIngested.Enabled && !_minutesIngested.Enabled)
        {
            return;
        }
        Add(_hoursIngested, inserted, "outcome", "inserted");
        Add(_hoursIngested, updated, "outcome", "updated");
        Add(_hoursIngested, unchanged, "outcome", "unchanged");
        _minutesIngested.Add(minutes);
    }

    /// <summary>What one committed chunk of a run did with its volunteers.</summary>
    public void RunLines(IEnumerable<PayoutRunLine> lines)
    {
        if (!_runPayouts.Enabled && !_runTrimmed.Enabled && !_runSkipped.Enabled)
        {
            return;
        }
        foreach (var line in lines)
        {
            if (line.Skipped is { } reason)
            {
                Add(_runSkipped, 1, "reason", reason);
                continue;
            }
            _runPayouts.Add(1);
            _runPaidCents.Add(line.PaidCents);
            if (line.TrimmedCents > 0)
            {
                Add(_runTrimmed, 1, "by", line.TrimmedBy ?? "unknown");
            }
        }
    }

    public void RunFinished(long started, string outcome) =>
        _runDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    public void Replayed(HttpContext http) =>
        _replays.Add(1, new KeyValuePair<string, object?>("operation", http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "unknown"));

    private static void Add(Counter<long> counter, long value, string tag, string tagValue)
    {
        if (value > 0)
        {
            counter.Add(value, new KeyValuePair<string, object?>(tag, tagValue));
        }
    }

    private static string Lower(PayoutKind kind) => kind switch
    {
        PayoutKind.Allowance => "allowance",
        PayoutKind.Travel => "travel",
        PayoutKind.Gift => "gift",
        PayoutKind.Expense => "expense",
        _ => "other",
    };

    /// <summary>Counted at a scrape from the running totals (their cap is the effective one of the last payout), at most every <see cref="NearLimitMaxAge"/>.</summary>
    private Measurement<long>[] NearLimit()
    {
        lock (_gate)
        {
            if (_nearLimit is { } last && Stopwatch.GetElapsedTime(last.Taken) < NearLimitMaxAge)
            {
                return last.Counts;
            }
        }
        // A scrape must not add spans of its own to the traces.
        using var quiet = OpenTelemetry.SuppressInstrumentationScope.Begin();
        var period = Today.In(_clock).ToYearMonth();
        var (annual, monthly) = _db.ReadAsync((c, ct) => PayoutSql.NearLimitCounts(c, period, ct), CancellationToken.None).AsTask().GetAwaiter().GetResult();
        Measurement<long>[] counts =
        [
            new(annual, new KeyValuePair<string, object?>("limit", "annual")),
            new(monthly, new KeyValuePair<string, object?>("limit", "monthly")),
        ];
        lock (_gate)
        {
            _nearLimit = (Stopwatch.GetTimestamp(), counts);
        }
        return counts;
    }
}
