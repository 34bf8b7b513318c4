using System.Data.Common;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Audit;
using Dapper;
using NodaTime;

namespace Burgerbaan.Api.Privacy;

/// <summary>
/// What of the audit trail is about one volunteer: the rows of the volunteer and of every record that is theirs. The
/// export reads them, the pseudonymisation redacts their personal values, the retention job erases their summaries.
/// Audit rows are append-only; a redaction is the one change the database lets through (migration 0018: it must stamp
/// <c>redacted_at</c>, and the instant, key, role, action, entity and id never change).
/// </summary>
internal static class VolunteerFootprint
{
    /// <summary>
    /// Per audited entity, the predicate on <c>a.entity_id</c> that selects the volunteer's (<c>@volunteer</c>).
    /// EXTENSION POINT: an entity added later that belongs to one volunteer adds its line here, e.g. F4's
    /// <c>("outside_allowance", "IN (SELECT id FROM outside_allowances WHERE volunteer_id = @volunteer)")</c>.
    /// </summary>
    internal static readonly IReadOnlyList<(string Entity, string Ids)> Entities =
    [
        ("volunteer", "= @volunteer"),
        ("agreement", "IN (SELECT id FROM agreements WHERE volunteer_id = @volunteer)"),
        ("placement", "IN (SELECT id FROM placements WHERE volunteer_id = @volunteer)"),
        ("hour_entry", "IN (SELECT id FROM hour_entries WHERE volunteer_id = @volunteer)"),
        ("payout", "IN (SELECT id FROM payouts WHERE volunteer_id = @volunteer)"),
        ("sponsor_allocation", "IN (SELECT id FROM sponsor_allocations WHERE volunteer_id = @volunteer)"),
        ("application", "IN (SELECT id FROM applications WHERE volunteer_id = @volunteer)"),
        ("api_key", "IN (SELECT id FROM api_keys WHERE volunteer_id = @volunteer)"),
        ("volunteer_wishes", "= @volunteer"),
        ("outside_allowance", "IN (SELECT id FROM outside_allowances WHERE volunteer_id = @volunteer)"),
    ];

    /// <summary>
    /// The summary members that hold personal values, wherever they sit in a summary about the volunteer: the profile
    /// fields of volunteer rows, a key's free-text name, a consent's free-text note, and the payee fixed on a payout at
    /// approval (F1). Figures, states, dates of the records and ids stay: they are the fiscal record.
    /// </summary>
    internal static readonly IReadOnlySet<string> PersonalMembers = new HashSet<string>(StringComparer.Ordinal)
    {
        "firstName", "lastName", "dateOfBirth", "email", "phone", "iban", "name", "note", "payeeName", "payeeIban",
        // A volunteer's wishes, and the free-text evidence of an outside allowance (the organisation and amounts stay).
        "interests", "neighbourhood", "evidence",
    };

    internal const string Erased = "[erased]";

    /// <summary>The volunteer's audit rows as <c>GET /v1/audit</c> shows them, oldest first.</summary>
    internal static async Task<List<AuditEndpoints.Row>> AuditRowsAsync(DbConnection c, long volunteer, CancellationToken ct) =>
        (await c.QueryAsync<AuditEndpoints.Row>(new CommandDefinition(string.Join(" UNION ALL ", Entities.Select(e =>
            "SELECT a.id AS Id, a.at AS At, a.api_key_id AS ApiKeyId, k.name AS ApiKeyName, a.role AS Role, a.action AS Action, " +
            "a.entity AS Entity, a.entity_id AS EntityId, a.summary AS Summary FROM audit_log a LEFT JOIN api_keys k ON k.id = a.api_key_id " +
            $"WHERE a.entity = '{e.Entity}' AND a.entity_id {e.Ids}")) + " ORDER BY Id",
            new { volunteer }, cancellationToken: ct))).AsList();

    /// <summary>Replaces every personal value in the volunteer's audit rows by "[erased]"; returns how many rows changed.</summary>
    internal static async Task<int> RedactPersonalAsync(DbConnection c, DbTransaction tx, long volunteer, Instant now, CancellationToken ct)
    {
        var rows = await c.QueryAsync<(long Id, string Summary)>(new CommandDefinition(string.Join(" UNION ALL ", Entities.Select(e =>
            $"SELECT id, summary FROM audit_log WHERE entity = '{e.Entity}' AND entity_id {e.Ids}")),
            new { volunteer }, tx, cancellationToken: ct));
        var changed = 0;
        foreach (var (id, summary) in rows)
        {
            var node = JsonNode.Parse(summary);
            if (node is not null && Redact(node))
            {
                await c.ExecuteAsync(new CommandDefinition("UPDATE audit_log SET summary = @summary, redacted_at = @now WHERE id = @id",
                    new { id, summary = node.ToJsonString(), now }, tx, cancellationToken: ct));
                changed++;
            }
        }
        return changed;
    }

    /// <summary>At the end of retention: every summary about the volunteer becomes <c>{"erased":"retention"}</c>; the rows stay.</summary>
    internal static async Task<int> EraseSummariesAsync(DbConnection c, DbTransaction tx, long volunteer, Instant now, CancellationToken ct)
    {
        var erased = 0;
        foreach (var (entity, ids) in Entities)
        {
            erased += await c.ExecuteAsync(new CommandDefinition(
                $"UPDATE audit_log SET summary = @summary, redacted_at = @now WHERE entity = @entity AND entity_id {ids}",
                new { volunteer, entity, now, summary = """{"erased":"retention"}""" }, tx, cancellationToken: ct));
        }
        return erased;
    }

    /// <summary>Replaces, at any depth, the non-null values of <see cref="PersonalMembers"/>; true when one was replaced.</summary>
    internal static bool Redact(JsonNode node)
    {
        var changed = false;
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (PersonalMembers.Contains(name) && obj[name] is { } value && !(value is JsonValue v && v.TryGetValue<string>(out var s) && s == Erased))
                    {
                        obj[name] = Erased;
                        changed = true;
                    }
                    else if (obj[name] is { } child)
                    {
                        changed |= Redact(child);
                    }
                }
                break;
            case JsonArray array:
                foreach (var item in array.OfType<JsonNode>())
                {
                    changed |= Redact(item);
                }
                break;
        }
        return changed;
    }
}
