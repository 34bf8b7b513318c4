using System.Collections.Concurrent;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Burgerbaan.Api.Auth;
using Burgerbaan.Api.Common;
using Burgerbaan.Api.Data;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Burgerbaan.Api.Idempotency;

/// <summary>What a unit of work answers: the status, the body and (for a create) its Location.</summary>
public sealed record Stored(int StatusCode, object Body, string? Location = null);

/// <summary>
/// <c>Idempotency-Key</c> for money and bulk posts. The key row (per API key: SHA-256 fingerprint of
/// method, path and the canonical body, plus the stored response) is written in the same transaction
/// as the change itself, so a change and its key exist together or not at all.
/// Same key and body: the stored response again with <c>Idempotent-Replayed: true</c>. Same key, other
/// body: 422 <c>idempotency_key_reused</c>. The same key while the first request still runs: 409 with
/// <c>Retry-After</c> (on this instance; another instance's twin waits for the first commit and then
/// replays it). Refusals are not stored: a refused request may be retried with the same key.
/// </summary>
public sealed class IdempotentPost(Db db, IClock clock, IOptions<JsonOptions> json)
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string KeyReused = "idempotency_key_reused";

    private readonly ConcurrentDictionary<(long ApiKeyId, string Key), byte> _inFlight = new();

    /// <summary>Marks a key as running (the first request holds it until it answers).</summary>
    internal bool TryBegin(long apiKeyId, string key) => _inFlight.TryAdd((apiKeyId, key), 0);

    internal static ApiProblemException Busy()
    {
        var busy = ApiProblemException.Conflict("A request with this Idempotency-Key is still being processed; retry after it completes.");
        busy.Headers["Retry-After"] = "1";
        return busy;
    }

    internal void End(long apiKeyId, string key) => _inFlight.TryRemove((apiKeyId, key), out _);

    /// <summary>Runs <paramref name="work"/> with the key row in the same unit of work; <paramref name="alone"/> as in <see cref="Db.WriteAsync{T}"/>.</summary>
    public async Task<IResult> RunAsync(HttpContext http, object request,
        Func<DbConnection, DbTransaction, CancellationToken, Task<Stored>> work, CancellationToken ct, bool alone = false)
    {
        var key = ReadKey(http);
        if (key is null)
        {
            var result = await db.WriteAsync(work, ct, alone);
            return Respond(http, result.StatusCode, result.Location, JsonSerializer.Serialize(result.Body, json.Value.SerializerOptions), false);
        }
        var caller = Caller.From(http.User);
        var fingerprint = Fingerprint(http.Request.Method, http.Request.Path.Value ?? "", request);
        if (!TryBegin(caller.KeyId, key))
        {
            throw Busy();
        }
        try
        {
            var (status, location, body, replayed) = await db.WriteAsync(async (c, tx, token) =>
            {
                if (await FindAsync(c, tx, caller.KeyId, key, fingerprint, token) is { } existing)
                {
                    return (existing.StatusCode, existing.Location, existing.Body, true);
                }
                var result = await work(c, tx, token);
                var text = JsonSerializer.Serialize(result.Body, json.Value.SerializerOptions);
                await SaveAsync(c, tx, caller.KeyId, key, fingerprint, result.StatusCode, result.Location, text, token);
                return (result.StatusCode, result.Location, text, false);
            }, ct, alone);
            return Respond(http, status, location, body, replayed);
        }
        finally
        {
            End(caller.KeyId, key);
        }
    }

    /// <summary>The stored answer of this key, or null; a key stored for another request is refused (422 idempotency_key_reused).</summary>
    internal async Task<KeyRow?> FindAsync(DbConnection c, DbTransaction? tx, long apiKeyId, string key, string fingerprint, CancellationToken ct)
    {
        var existing = await c.QuerySingleOrDefaultAsync<KeyRow>(new CommandDefinition(
            $"SELECT fingerprint AS Fingerprint, status_code AS StatusCode, location AS Location, body AS Body FROM {(tx is null ? "idempotency_keys" : db.Dialect.Locked("idempotency_keys"))} WHERE api_key_id = @id AND idempotency_key = @key",
            new { id = apiKeyId, key }, tx, cancellationToken: ct));
        return existing is null || existing.Fingerprint.Trim() == fingerprint
            ? existing
            : throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, KeyReused, "Idempotency key reused",
                "This Idempotency-Key was already used with a different request; use a new key for a new request.");
    }

    /// <summary>Stores the answer of a key, in the transaction of the change it answers for.</summary>
    internal Task SaveAsync(DbConnection c, DbTransaction tx, long apiKeyId, string key, string fingerprint, int status, string? location, string body,
        CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO idempotency_keys (api_key_id, idempotency_key, fingerprint, status_code, location, body, created_at) " +
            "VALUES (@id, @key, @fingerprint, @status, @location, @body, @now)",
            new { id = apiKeyId, key, fingerprint, status, location, body, now = clock.GetCurrentInstant() }, tx, cancellationToken: ct));

    internal sealed class KeyRow
    {
        public required string Fingerprint { get; init; }
        public int StatusCode { get; init; }
        public string? Location { get; init; }
        public required string Body { get; init; }
    }

    internal static string? ReadKey(HttpContext http)
    {
        var values = http.Request.Headers[Header];
        if (values.Count == 0)
        {
            return null;
        }
        var key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > 200 || key.Any(ch => ch is < '!' or > '~'))
        {
            throw ApiProblemException.Validation(Header, "Send one Idempotency-Key of 1 to 200 visible ASCII characters.");
        }
        return key;
    }

    /// <summary>SHA-256 over method, path and the body as the service read it (so key order and white space do not matter).</summary>
    internal string Fingerprint(string method, string path, object request)
    {
        var canonical = JsonSerializer.Serialize(request, request.GetType(), json.Value.SerializerOptions);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{method}\n{path}\n{canonical}")));
    }

    internal static IResult Respond(HttpContext http, int status, string? location, string body, bool replayed)
    {
        if (location is not null)
        {
            http.Response.Headers.Location = location;
        }
        if (replayed)
        {
            http.Response.Headers[ReplayedHeader] = "true";
            http.RequestServices.GetService<Telemetry.BusinessMetrics>()?.Replayed(http);
        }
        return Results.Text(body, "application/json", Encoding.UTF8, status);
    }
}
