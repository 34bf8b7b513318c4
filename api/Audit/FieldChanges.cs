namespace Burgerbaan.Api.Audit;

/// <summary>The before/after pair of an audit summary for a change: only the fields whose values differ.</summary>
public static class FieldChanges
{
    public sealed record Diff(Dictionary<string, object?> Before, Dictionary<string, object?> After)
    {
        public bool Any => After.Count > 0;
    }

    public static Diff Between(IReadOnlyDictionary<string, object?> before, IReadOnlyDictionary<string, object?> after)
    {
        var diff = new Diff(new Dictionary<string, object?>(StringComparer.Ordinal), new Dictionary<string, object?>(StringComparer.Ordinal));
        foreach (var (field, value) in after)
        {
            var old = before.GetValueOrDefault(field);
            if (!Equals(old, value))
            {
                diff.Before[field] = old;
                diff.After[field] = value;
            }
        }
        return diff;
    }

    /// <summary>volunteer.deactivated / .reactivated when <c>active</c> flips (whatever else changed with it), else .changed.</summary>
    public static string Action(string entity, Diff diff) => diff.After.TryGetValue("active", out var active)
        ? entity + (active is true ? ".reactivated" : ".deactivated")
        : entity + ".changed";
}
