using System.Text.Json;
using System.Text.Json.Nodes;
using Burgerbaan.Api.Common;

namespace Burgerbaan.Api.Audit;

/// <summary>
/// The summary shapes of the audit convention: <c>{after}</c> on a create, <c>{before, after}</c> with only
/// the changed fields on a change. Values are written as the API writes them (dates yyyy-MM-dd, enums lower-case).
/// </summary>
public static class AuditSummary
{
    private static readonly JsonSerializerOptions Json = NodaTimeJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonObject Created(object after) => new() { ["after"] = ToObject(after) };

    /// <summary>The fields of <paramref name="after"/> whose value differs from <paramref name="before"/>; null when none does.</summary>
    public static JsonObject? Changed(object before, object after) => Diff(before, after) is var diff && HasChanges(diff) ? diff : null;

    /// <summary>
    /// <c>{before, after}</c> of the fields of <paramref name="after"/> whose value differs from <paramref name="before"/>;
    /// both empty when none does, for a change audited for another reason (a confirmed duplicate).
    /// </summary>
    public static JsonObject Diff(object before, object after)
    {
        var old = ToObject(before);
        var now = ToObject(after);
        var changedBefore = new JsonObject();
        var changedAfter = new JsonObject();
        foreach (var (name, value) in now)
        {
            var was = old[name];
            if (!JsonNode.DeepEquals(was, value))
            {
                changedBefore[name] = was?.DeepClone();
                changedAfter[name] = value?.DeepClone();
            }
        }
        return new JsonObject { ["before"] = changedBefore, ["after"] = changedAfter };
    }

    public static bool HasChanges(JsonObject diff) => diff["after"] is JsonObject { Count: > 0 };

    /// <summary><c>entity.deactivated</c> / <c>.reactivated</c> when <c>active</c> flips (whatever else changed with it), else <c>.changed</c>.</summary>
    public static string ChangeAction(string entity, JsonObject diff) => diff["after"]?["active"] is { } active
        ? entity + (active.GetValue<bool>() ? ".reactivated" : ".deactivated")
        : entity + ".changed";

    /// <summary>Adds a further member (written like the rest) to a summary.</summary>
    public static JsonObject With(this JsonObject summary, string name, object value)
    {
        summary[name] = JsonSerializer.SerializeToNode(value, Json);
        return summary;
    }

    private static JsonObject ToObject(object value) => JsonSerializer.SerializeToNode(value, Json)!.AsObject();
}
