using System.Text.Json;
using NodaTime;

namespace Burgerbaan.Contracts;

/// <summary>One append-only audit row: who did what to which entity, with a before/after summary.</summary>
/// <param name="At">When the change was made (UTC).</param>
/// <param name="ApiKeyId">The key that made the change; null for changes made by the service itself.</param>
/// <param name="ApiKeyName">That key's name as it is now (keys are never deleted, only revoked).</param>
/// <param name="Role">The role the key acted in.</param>
/// <param name="Action">What happened, as entity.pastParticiple, e.g. agreement.extended, api_key.revoked.</param>
/// <param name="Entity">The kind of thing changed, singular snake_case: agreement, placement, api_key, hour_entry, payout, allowance_limits, ...</param>
/// <param name="EntityId">Its id (for allowance_limits, the year).</param>
/// <param name="Summary">{"after":{...}} on a create; {"before":{...},"after":{...}} holding only the changed fields on a change. Never a key or its hash.</param>
public sealed record AuditEntryResponse(
    long Id,
    Instant At,
    long? ApiKeyId,
    string? ApiKeyName,
    ApiRole? Role,
    string Action,
    string Entity,
    long EntityId,
    JsonElement Summary);
