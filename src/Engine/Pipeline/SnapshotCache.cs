using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>The engine's cache of the last committed snapshot per case, keyed by case number and checked against
/// the store row's version on every use (the store stays the truth). A command <see cref="TryTake"/>s the entry:
/// it owns and mutates that object without a copy, and the commit <see cref="Put"/>s it back; a command that fails
/// simply does not return it, so the next command rebuilds the case from the store (stored snapshot plus the events
/// after it). Readers get a copy.</summary>
internal sealed class SnapshotCache(int capacity)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CaseSnapshot> _entries = new(StringComparer.Ordinal);

    /// <summary>Removes and returns the cached snapshot when it is at <paramref name="version"/>.</summary>
    public bool TryTake(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        lock (_gate)
        {
            if (_entries.Remove(caseNumber, out var cached) && cached.Version == version)
            {
                snapshot = cached;
                return true;
            }
        }
        snapshot = null!;
        return false;
    }

    /// <summary>A private copy of the cached snapshot when it is at <paramref name="version"/>.</summary>
    public bool TryCopy(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        CaseSnapshot? cached;
        lock (_gate)
        {
            // Copied under the lock: a command that takes the entry afterwards mutates it.
            snapshot = _entries.TryGetValue(caseNumber, out cached) && cached.Version == version ? cached.Clone() : null!;
        }
        return snapshot is not null;
    }

    /// <summary>Keeps a committed snapshot (the caller gives up ownership). Drops everything when full.</summary>
    public void Put(CaseSnapshot snapshot)
    {
        if (capacity <= 0) return;
        lock (_gate)
        {
            if (_entries.Count >= capacity && !_entries.ContainsKey(snapshot.CaseNumber)) _entries.Clear();
            _entries[snapshot.CaseNumber] = snapshot;
        }
    }

    /// <summary>Forgets a case (after a lost race its cached state may be stale).</summary>
    public void Remove(string caseNumber)
    {
        lock (_gate) _entries.Remove(caseNumber);
    }
}
