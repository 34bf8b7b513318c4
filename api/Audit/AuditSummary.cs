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
    public static JsonObject? Changed(object before, object after)
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
        return changedAfter.Count == 0 ? null : new JsonObject { ["before"] = changedBefore, ["after"] = changedAfter };
    }

    private static JsonObject ToObject(object value) => JsonSerializer.SerializeToNode(value, Json)!.AsObject();
}
