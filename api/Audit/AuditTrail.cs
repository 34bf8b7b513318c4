using System.Data.Common;
using System.Text.Json;
using System.Text.Json.Serialization;
using Burgerbaan.Api.Auth;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Audit;

/// <summary>
/// Appends one audit row in the caller's transaction, so the row exists exactly when the change does.
/// The summary holds figures and states; for volunteers also the personal fields that changed (names, date of
/// birth, IBAN, contact details), which is why only finance and admin keys read the trail. Never key secrets.
/// </summary>
public static class AuditTrail
{
    // Enums as the API spells them (lower-case names), never as numbers.
    private static readonly JsonSerializerOptions SummaryJson = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
    };

    public static Task WriteAsync(DbConnection c, DbTransaction tx, Caller? caller, string action, string entity, long entityId,
        object summary, Instant at, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition(
            "INSERT INTO audit_log (at, api_key_id, role, action, entity, entity_id, summary) VALUES (@at, @keyId, @role, @action, @entity, @entityId, @summary)",
            new
            {
                at,
                keyId = caller?.KeyId,
                role = caller?.Role,
                action,
                entity,
                entityId,
                summary = JsonSerializer.Serialize(summary, SummaryJson),
            }, tx, cancellationToken: ct));
}
