using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OneStop.Engine.Flow;
using OneStop.Engine.Lifecycle;

namespace OneStop.Engine.Pipeline;

/// <summary>The engine's cache of the last committed snapshot per case, keyed by case number and checked against
/// the store row's version on every use (the store stays the truth). A command <see cref="TryTake"/>s the entry:
/// it owns and mutates that object without a copy, and the commit <see cref="Put"/>s it back; a command that fails
/// simply does not return it, so the next command rebuilds the case from the store (stored snapshot plus the events
/// after it). Readers get a copy.</summary>
/// <remarks>
/// <para>Open cases are listed by generation, eight of about equal size: a put lists the case in the youngest (once
/// per generation), and when that is full the oldest generation's list becomes the youngest's. The oldest's cases are
/// dropped then only if the open room is nearly full; otherwise they join the next-oldest generation and stay the
/// first to go. A case in use is put back at each commit, so it stays young, and an open case is dropped only when more
/// open cases than the room want in. Clearing the whole cache when it was full (before session 10) made a platform
/// with more than half as many open cases as the capacity reload nearly every case after each clear: the simulator at
/// 100,000 cases (about 7,100 open at once, capacity 10,000) reloaded 241,678 snapshots against 33,924 with an
/// unbounded cache.</para>
/// <para>Closed cases (concluded, rejected, withdrawn, terminated) share a sixteenth of the room, dropped together when
/// full: they rarely act again (an evaluation, a repeat), and kept among the open ones they pushed the open ones
/// out.</para>
/// <para>One dictionary holds every entry, so a command hashes its case number once per use; a taken entry stays, empty,
/// until it is put back or dropped.</para>
/// </remarks>
internal sealed class SnapshotCache
{
    private const int OpenGenerations = 8;

    // A case's snapshot (null while a command has it) and the generation that lists it: open generations count up
    // from 0, the closed ones down from -1.
    private struct Entry
    {
        public CaseSnapshot? Snapshot;
        public long Generation;
    }

    private readonly Lock _gate;
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    // The case numbers each open generation lists, by generation modulo their number, and the current closed one's.
    private readonly List<string>[] _open;
    private readonly List<string> _closed = [];
    private readonly int _openRoom;
    private readonly int _openSize;
    private readonly int _closedSize;
    // Entries listed by an open generation (a taken one included).
    private int _openLive;
    private long _openGeneration;
    private long _closedGeneration = -1;

    /// <summary>A cache of at most <paramref name="capacity"/> cases; 0 keeps none. With <paramref name="gate"/> (the
    /// in-memory store's lock) the cache shares that lock, so the engine can read a case's row and take its snapshot, or
    /// commit it and put it back, under one lock (<see cref="Gate"/>, the <c>…Locked</c> methods).</summary>
    public SnapshotCache(int capacity, Lock? gate = null)
    {
        _gate = gate ?? new Lock();
        capacity = Math.Max(0, capacity);
        _closedSize = capacity / 16;
        _openRoom = capacity - _closedSize;
        var generations = Math.Clamp(_openRoom, 1, OpenGenerations);
        _openSize = _openRoom / generations;
        _open = new List<string>[generations];
        for (var g = 0; g < generations; g++) _open[g] = [];
    }

    /// <summary>The lock every method takes (the one given at construction, if any); the <c>…Locked</c> methods expect
    /// the caller to hold it.</summary>
    public Lock Gate => _gate;

    /// <summary>Takes the cached snapshot out when it is at <paramref name="version"/> (any other version is dropped).</summary>
    public bool TryTake(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        lock (_gate) return TryTakeLocked(caseNumber, version, out snapshot);
    }

    /// <summary><see cref="TryTake"/> with <see cref="Gate"/> held.</summary>
    public bool TryTakeLocked(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, caseNumber);
        if (!Unsafe.IsNullRef(ref entry) && entry.Snapshot is { } cached)
        {
            entry.Snapshot = null;
            if (cached.Version == version)
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
        lock (_gate) return TryCopyLocked(caseNumber, version, out snapshot);
    }

    /// <summary><see cref="TryCopy"/> with <see cref="Gate"/> held.</summary>
    public bool TryCopyLocked(string caseNumber, long version, out CaseSnapshot snapshot)
    {
        // Copied under the lock: a command that takes the entry afterwards mutates it.
        snapshot = _entries.TryGetValue(caseNumber, out var entry) && entry.Snapshot is { } cached && cached.Version == version
            ? cached.Clone()
            : null!;
        return snapshot is not null;
    }

    /// <summary>The cached object itself, or null when none is cached (tests: which object a command left behind).</summary>
    internal CaseSnapshot? Peek(string caseNumber)
    {
        lock (_gate) return _entries.TryGetValue(caseNumber, out var entry) ? entry.Snapshot : null;
    }

    /// <summary>Keeps a committed snapshot (the caller gives up ownership).</summary>
    public void Put(CaseSnapshot snapshot)
    {
        lock (_gate) PutLocked(snapshot);
    }

    /// <summary><see cref="Put"/> with <see cref="Gate"/> held.</summary>
    public void PutLocked(CaseSnapshot snapshot)
    {
        var caseNumber = snapshot.CaseNumber;
        var closed = LifecycleTable.IsClosed(snapshot.State);
        if ((closed ? _closedSize : _openSize) == 0)
        {
            RemoveUnlocked(caseNumber);
            return;
        }
        // Room is made before the entry is touched: dropping entries while holding a reference into the table would
        // be unsafe.
        List<string> keys;
        if (closed)
        {
            keys = _closed.Count >= _closedSize ? TurnClosed() : _closed;
        }
        else
        {
            keys = _open[_openGeneration % _open.Length];
            if (keys.Count >= _openSize) keys = TurnOpen();
            // A full cache turns until the oldest generations have given up enough (bounded: one full round).
            for (var turns = 1; turns < _open.Length && _openLive >= _openRoom && !_entries.ContainsKey(caseNumber); turns++) keys = TurnOpen();
        }
        var generation = closed ? _closedGeneration : _openGeneration;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_entries, caseNumber, out var exists);
        entry.Snapshot = snapshot;
        if (exists && entry.Generation == generation) return;
        if (!exists || entry.Generation < 0) _openLive += closed ? 0 : 1;
        else if (closed) _openLive--;
        entry.Generation = generation;
        keys.Add(caseNumber);
    }

    /// <summary>Forgets a case (after a lost race its cached state may be stale).</summary>
    public void Remove(string caseNumber)
    {
        lock (_gate) RemoveUnlocked(caseNumber);
    }

    private void RemoveUnlocked(string caseNumber)
    {
        if (_entries.Remove(caseNumber, out var entry) && entry.Generation >= 0) _openLive--;
    }

    // Makes the oldest open generation's list the youngest's. Its cases are dropped only while the open room is nearly
    // full (less than a generation free); the others join the next-oldest generation, so they stay the first to go:
    // cases that closed have left room, and an open case is dropped only when there are more open cases than room.
    private List<string> TurnOpen()
    {
        _openGeneration++;
        var keys = _open[_openGeneration % _open.Length];
        var oldest = _openGeneration - _open.Length;
        // With one generation the next-oldest is the new youngest itself.
        var next = _open.Length == 1 ? null : _open[(_openGeneration + 1) % _open.Length];
        var kept = 0;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, key);
            // A case listed again since (or closed, or removed) is listed elsewhere or nowhere.
            if (Unsafe.IsNullRef(ref entry) || entry.Generation != oldest) continue;
            if (_openLive > _openRoom - _openSize)
            {
                _entries.Remove(key);
                _openLive--;
                continue;
            }
            entry.Generation = oldest + 1;
            if (next is null) keys[kept++] = key;
            else next.Add(key);
        }
        keys.RemoveRange(kept, keys.Count - kept);
        return keys;
    }

    // Drops the closed cases together (a case listed since by an open generation is not this generation's).
    private List<string> TurnClosed()
    {
        var generation = _closedGeneration--;
        foreach (var key in _closed)
        {
            if (_entries.TryGetValue(key, out var entry) && entry.Generation == generation) _entries.Remove(key);
        }
        _closed.Clear();
        return _closed;
    }
}
