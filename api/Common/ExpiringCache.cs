using NodaTime;

namespace Burgerbaan.Api.Common;

/// <summary>
/// A small in-process cache whose entries expire after a fixed window on the injected clock (tests move it). A window
/// of zero turns it off. <see cref="Clear"/> after a change has committed; a lookup that began before the clear cannot
/// put the old value back (<see cref="Add"/> takes the <see cref="Generation"/> read before the database was asked).
/// </summary>
public class ExpiringCache<TKey, TValue>(IClock clock, Duration window)
    where TKey : notnull
    where TValue : class
{
    // Bounds memory against a flood of distinct keys; the caches hold a few hundred entries at most.
    private const int MaxEntries = 10_000;

    private sealed record Entry(TValue Value, Instant Expires);

    private readonly Dictionary<TKey, Entry> _entries = [];
    private readonly Lock _gate = new();
    private long _generation;

    public bool Enabled => window > Duration.Zero;

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                if (clock.GetCurrentInstant() < entry.Expires)
                {
                    value = entry.Value;
                    return true;
                }
                _entries.Remove(key);
            }
        }
        value = null!;
        return false;
    }

    /// <summary>Read before the database is asked, handed to <see cref="Add"/> after.</summary>
    public long Generation
    {
        get
        {
            lock (_gate)
            {
                return _generation;
            }
        }
    }

    /// <summary>
    /// Keeps what a lookup found, unless the cache was cleared since the lookup began: that lookup may have read the
    /// row before the change committed, and keeping it would serve the old value for a whole window.
    /// </summary>
    public void Add(TKey key, TValue value, long generation)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_gate)
        {
            if (generation != _generation)
            {
                return;
            }
            if (_entries.Count >= MaxEntries)
            {
                _entries.Clear();
            }
            _entries[key] = new Entry(value, clock.GetCurrentInstant() + window);
        }
    }

    /// <summary>After a change has committed. Changes are rare, so everything goes.</summary>
    public void Clear()
    {
        lock (_gate)
        {
            _generation++;
            _entries.Clear();
        }
    }
}
