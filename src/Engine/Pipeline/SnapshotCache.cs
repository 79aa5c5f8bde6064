using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

/// <summary>The engine's cache of the last committed snapshot per case, keyed by case number and checked against
/// the store row's version on every use (the store stays the truth). A command <see cref="TryTake"/>s the entry:
/// it owns and mutates that object without a copy, and the commit <see cref="Put"/>s it back; a command that fails
/// simply does not return it, so the next command rebuilds the case from the store (stored snapshot plus the events
/// after it). Readers get a copy.</summary>
/// <remarks>Two generations of at most half the capacity each: a put goes to the young one, and when that is full it
/// becomes the old one and the previous old one is dropped. A case put within the last half-capacity puts is
/// therefore always still there, whatever the number of cases open at once. (Clearing the whole cache when it was
/// full, as before, made a platform with more open cases than the capacity reload every case after each clear: the
/// simulator at 100,000 cases reloaded about 200,000 snapshots more than an unbounded cache.) A taken entry leaves
/// both generations, so a command's put always lands in the young one.</remarks>
internal sealed class SnapshotCache
{
    private readonly Lock _gate = new();
    private readonly int _generation;
    private Dictionary<string, CaseSnapshot> _young = new(StringComparer.Ordinal);
    private Dictionary<string, CaseSnapshot> _old = new(StringComparer.Ordinal);

    /// <summary>A cache of at most <paramref name="capacity"/> cases; 0 keeps none.</summary>
    public SnapshotCache(int capacity)
    {
        _generation = capacity <= 0 ? 0 : Math.Max(1, capacity / 2);
    }

    /// <summary>Removes and returns the cached snapshot when it is at <paramref name="version"/>.</summary>
    public bool TryTake(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        lock (_gate)
        {
            if ((_young.Remove(caseNumber, out var cached) || _old.Remove(caseNumber, out cached)) && cached.Version == version)
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
            snapshot = (_young.TryGetValue(caseNumber, out cached) || _old.TryGetValue(caseNumber, out cached)) && cached.Version == version
                ? cached.Clone()
                : null!;
        }
        return snapshot is not null;
    }

    /// <summary>Keeps a committed snapshot (the caller gives up ownership).</summary>
    public void Put(CaseSnapshot snapshot)
    {
        if (_generation == 0) return;
        lock (_gate)
        {
            _old.Remove(snapshot.CaseNumber);
            _young[snapshot.CaseNumber] = snapshot;
            if (_young.Count < _generation) return;
            // The dropped generation's dictionary is reused for the next young one: no new table per turn.
            (_old, _young) = (_young, _old);
            _young.Clear();
        }
    }

    /// <summary>Forgets a case (after a lost race its cached state may be stale).</summary>
    public void Remove(string caseNumber)
    {
        lock (_gate)
        {
            _young.Remove(caseNumber);
            _old.Remove(caseNumber);
        }
    }
}
