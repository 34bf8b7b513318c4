using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Data.Common;
using System.Text.Json;
using Burgerbaan.Api.Allowance;
using Burgerbaan.Api.Audit;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Burgerbaan.Api.Idempotency;
using Burgerbaan.Api.Payouts;
using Burgerbaan.Contracts;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.PayoutRuns;

public sealed class PayoutRunSettings
{
    public const string Section = "PayoutRuns";

    /// <summary>Volunteers per chunk: each chunk is one short transaction, so other writes wait at most one chunk.</summary>
    [Range(1, 10_000, ErrorMessage = "Configuration key 'PayoutRuns:ChunkSize' must be a whole number of volunteers from 1 to 10000.")]
    public int ChunkSize { get; init; } = 100;
}

/// <summary>
/// Runs a month's payouts chunk by chunk. Each chunk plans, books and records its volunteers and advances the run's cursor
/// (the last volunteer id done) in one transaction, so a chunk is all or nothing and a crash loses at most the chunk in flight.
/// A run that stopped stays running; the next POST for its period, with any key or none, continues it from the cursor
/// (the cursor, not the caller, is what keeps hours from being paid twice). The run row is created by the first chunk
/// that pays, so a run that pays nothing stores nothing.
/// </summary>
public sealed class PayoutRunner(Db db, IClock clock, IdempotentPost idempotent, IOptions<PayoutRunSettings> settings, IOptions<JsonOptions> json)
{
    public const string InProgress = "payout_run_in_progress";

    private readonly ConcurrentDictionary<YearMonth, byte> _running = new();

    /// <summary>Test-only: called after each committed chunk (1, 2, ...), so a test can stop a run the way a crash would.</summary>
    internal Func<int, Task>? AfterChunk { get; set; }

    private sealed record Chunk(bool Done, long? RunId, long LastVolunteerId, IReadOnlyList<PayoutRunLine> Unstored);

    public async Task<IResult> RunAsync(HttpContext http, CreatePayoutRunRequest request, CancellationToken ct)
    {
        var caller = Caller.From(http.User);
        var key = IdempotentPost.ReadKey(http);
        var fingerprint = key is null ? "" : idempotent.Fingerprint(http.Request.Method, http.Request.Path.Value ?? "", request);
        if (key is not null && !idempotent.TryBegin(caller.KeyId, key))
        {
            throw IdempotentPost.Busy();
        }
        try
        {
            if (key is not null && await db.ReadAsync((c, t) => idempotent.FindAsync(c, null, caller.KeyId, key, fingerprint, t), ct) is { } stored)
            {
                return await ReplayAsync(http, stored, ct);
            }
            if (!_running.TryAdd(request.Period, 0))
            {
                throw Busy(request.Period);
            }
            try
            {
                return await RunChunksAsync(http, caller, request.Period, key, fingerprint, ct);
            }
            finally
            {
                _running.TryRemove(request.Period, out _);
            }
        }
        finally
        {
            if (key is not null)
            {
                idempotent.End(caller.KeyId, key);
            }
        }
    }

    /// <summary>A stored run is answered as it stands now (read back, not a copy); a run that paid nothing from the key's record.</summary>
    private async Task<IResult> ReplayAsync(HttpContext http, IdempotentPost.KeyRow stored, CancellationToken ct)
    {
        if (stored.Location is null)
        {
            return IdempotentPost.Respond(http, stored.StatusCode, null, stored.Body, true);
        }
        var id = JsonDocument.Parse(stored.Body).RootElement.GetProperty("payoutRunId").GetInt64();
        var run = (await db.ReadAsync((c, t) => RunStore.Get(c, id, t), ct))!;
        return IdempotentPost.Respond(http, stored.StatusCode, stored.Location, JsonSerializer.Serialize(run, json.Value.SerializerOptions), true);
    }

    private async Task<IResult> RunChunksAsync(HttpContext http, Caller caller, YearMonth period, string? key, string fingerprint, CancellationToken ct)
    {
        if (await db.ReadAsync((c, t) => LimitsSql.Limits(c, null, period.Year, t), ct) is null)
        {
            throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, AllowanceRules.LimitsMissing, "Allowance limits missing",
                $"No allowance limits are set for {period.Year}, so nothing was paid or stored. Once the Belastingdienst publishes them " +
                $"('Vrijwilligersvergoedingen'), an admin sets them with PUT /v1/allowance-limits/{period.Year}; then run again.");
        }
        var now = clock.GetCurrentInstant();
        var resumed = await db.ReadAsync((c, t) => RunStore.Running(c, null, db.Dialect, period, t), ct);
        long? runId = resumed?.Id;
        // Four eyes: a run's payouts count as created by the key that started it, also in the chunks another key continues.
        var startedBy = resumed?.StartedByKeyId ?? caller.KeyId;
        var cursor = resumed?.LastVolunteerId ?? 0;
        var unstored = new List<PayoutRunLine>();
        for (var done = 1; ; done++)
        {
            var (id, after, pending) = (runId, cursor, unstored.ToList());
            var chunk = await db.WriteAsync((c, tx, t) => ChunkAsync(c, tx, caller, startedBy, period, id, after, pending, now, t), ct, alone: true);
            if (chunk.Done)
            {
                break;
            }
            (runId, cursor) = (chunk.RunId, chunk.LastVolunteerId);
            unstored = [.. chunk.Unstored];
            if (AfterChunk is { } hook)
            {
                await hook(done);
            }
        }
        if (runId is not { } runId2)
        {
            var report = new PayoutRunResponse(null, period, PayoutRunStatus.Completed, now, 0, 0, unstored);
            var body = JsonSerializer.Serialize(report, json.Value.SerializerOptions);
            if (key is not null)
            {
                await db.WriteAsync(async (c, tx, t) => await SaveKeyAsync(c, tx, caller, key, fingerprint, StatusCodes.Status200OK, null, body, t), ct);
            }
            return IdempotentPost.Respond(http, StatusCodes.Status200OK, null, body, false);
        }
        var location = $"/v1/payout-runs/{runId2}";
        await db.WriteAsync(async (c, tx, t) =>
        {
            var completed = await c.ExecuteAsync(new CommandDefinition(
                "UPDATE payout_runs SET status = 'completed' WHERE id = @id AND status = 'running'", new { id = runId2 }, tx, cancellationToken: t));
            if (completed == 1)
            {
                await AuditTrail.WriteAsync(c, tx, caller, "payout_run.completed", "payout_run", runId2,
                    new { before = new { status = "running" }, after = new { status = "completed" } }, clock.GetCurrentInstant(), t);
            }
            if (key is not null)
            {
                await SaveKeyAsync(c, tx, caller, key, fingerprint, StatusCodes.Status201Created, location, JsonSerializer.Serialize(new { payoutRunId = runId2 }), t);
            }
            return completed;
        }, ct);
        var run = (await db.ReadAsync((c, t) => RunStore.Get(c, runId2, t), ct))!;
        return IdempotentPost.Respond(http, StatusCodes.Status201Created, location, JsonSerializer.Serialize(run, json.Value.SerializerOptions), false);
    }

    // The key stores a pointer to the run, not its report: the report is stored once, in payout_run_lines.
    private async Task<bool> SaveKeyAsync(DbConnection c, DbTransaction tx, Caller caller, string key, string fingerprint, int status, string? location,
        string body, CancellationToken ct)
    {
        if (await idempotent.FindAsync(c, tx, caller.KeyId, key, fingerprint, ct) is not null)
        {
            return false;
        }
        await idempotent.SaveAsync(c, tx, caller.KeyId, key, fingerprint, status, location, body, ct);
        return true;
    }

    private async Task<Chunk> ChunkAsync(DbConnection c, DbTransaction tx, Caller caller, long startedBy, YearMonth period, long? runId, long after,
        IReadOnlyList<PayoutRunLine> unstored, Instant now, CancellationToken ct)
    {
        var plans = await RunPlan.MakeAsync(c, tx, db.Dialect, period, after, settings.Value.ChunkSize, ct);
        if (plans.Count == 0)
        {
            return new Chunk(true, runId, after, unstored);
        }
        var last = plans[^1].Line.VolunteerId;
        var paying = plans.Where(p => p.Proposal is not null).ToList();
        if (runId is null && paying.Count == 0)
        {
            return new Chunk(false, null, last, [.. unstored, .. plans.Select(p => p.Line)]);
        }
        var (count, paid) = (paying.Count, paying.Sum(p => p.Proposal!.AmountCents));
        if (runId is not { } id)
        {
            if (await RunStore.Running(c, tx, db.Dialect, period, ct) is not null)
            {
                throw Busy(period);
            }
            id = await c.ExecuteScalarAsync<long>(new CommandDefinition(
                "INSERT INTO payout_runs (period, api_key_id, created_at, status, last_volunteer_id, payout_count, paid_cents) " +
                "VALUES (@period, @keyId, @now, 'running', @last, @count, @paid);" + db.Dialect.SelectInsertedId,
                new { period, keyId = caller.KeyId, now, last, count, paid }, tx, cancellationToken: ct));
            await AuditTrail.WriteAsync(c, tx, caller, "payout_run.created", "payout_run", id,
                new { after = new { period = AllowanceRules.Iso(period), status = "running" } }, now, ct);
            await RunStore.InsertLines(c, tx, id, unstored, ct);
        }
        else if (await c.ExecuteAsync(new CommandDefinition(
            "UPDATE payout_runs SET last_volunteer_id = @last, payout_count = payout_count + @count, paid_cents = paid_cents + @paid " +
            "WHERE id = @id AND status = 'running' AND last_volunteer_id = @after", new { id, last, count, paid, after }, tx, cancellationToken: ct)) != 1)
        {
            // Another process advanced (or finished) this run since it was read: this chunk is theirs.
            throw Busy(period);
        }
        var lines = new List<PayoutRunLine>(plans.Count);
        foreach (var plan in plans)
        {
            lines.Add(plan.Proposal is null ? plan.Line : plan.Line with
            {
                PayoutId = (await PayoutWriter.BookAsync(c, tx, db.Dialect, caller, plan.Scene, plan.Proposal,
                    $"Payout run {AllowanceRules.Iso(period)}", null, plan.HourIds, id, startedBy, now, ct)).Id,
            });
        }
        await RunStore.InsertLines(c, tx, id, lines, ct);
        return new Chunk(false, id, last, []);
    }

    private static ApiProblemException Busy(YearMonth period)
    {
        var busy = new ApiProblemException(StatusCodes.Status409Conflict, InProgress, "Payout run in progress",
            $"A payout run for {AllowanceRules.Iso(period)} is being processed right now; retry after it completes (a later POST continues a stopped run).");
        busy.Headers["Retry-After"] = "1";
        return busy;
    }
}
