using System.Text.Json;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>One append-only audit row: who did what to which entity, with a before/after summary.</summary>
/// <param name="Summary">The changed figures, e.g. {"status":{"from":"pending","to":"approved"}}.</param>
public sealed record AuditEntryResponse(
    long Id,
    Instant At,
    long? ApiKeyId,
    ApiRole? Role,
    string Action,
    string Entity,
    long EntityId,
    JsonElement Summary);
