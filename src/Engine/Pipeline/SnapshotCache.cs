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
/// <para>Closed cases (concluded, rejected, withdrawn, terminated) are listed apart, by generations of a sixteenth of
/// the capacity, and take only the room the open cases leave: when an open case wants room that closed ones hold, the
/// oldest closed generation is dropped whole, so closed cases never push open ones out (kept among the open ones, they
/// did). They act again often enough to be worth that room: the applicant's evaluation a few rounds after the case
/// concluded, and rectification clocks firing days later. With closed cases held to a fixed sixteenth (before session
/// 29), the simulator at 30,000 cases (at most 2,166 open, capacity 10,000) restored 8,217 closed cases from the
/// store.</para>
/// <para>One dictionary holds each entry (one of 16, chosen by the case number's last character), so a command hashes
/// its case number once per use; a taken entry stays, empty, until it is put back or dropped.</para>
/// </remarks>
internal sealed class SnapshotCache
{
    private const int OpenGenerations = 8;
    // Older closed generations kept at most: as many as fill the capacity, so keys of cases listed again since (stale in
    // the older lists) cannot pile up while the live ones fit.
    private const int OlderClosedGenerations = 16;

    // A case's snapshot (null while a command has it) and the generation that lists it: open generations count up
    // from 0, the closed ones down from -1.
    private struct Entry
    {
        public CaseSnapshot? Snapshot;
        public long Generation;
    }

    private readonly Lock _gate;
    // The entries in 16 dictionaries chosen by the case number's last character (a sequence digit for the default
    // numbers): a full cache of 10,000 cases in one dictionary grew entry arrays of 90, 183 and 369 KB for every engine,
    // allocations on the large-object heap that bring gen2 collections forward; 16 keep each array under the threshold
    // up to about 2,500 cases a dictionary.
    private const int Shards = 16;
    private readonly Dictionary<string, Entry>[] _shards = new Dictionary<string, Entry>[Shards];
    // The case numbers each open generation lists, by generation modulo their number.
    private readonly List<string>[] _open;
    // The case numbers the current closed generation lists, the older closed generations' (the oldest first), and
    // emptied lists for reuse.
    private List<string> _closed = [];
    private readonly Queue<List<string>> _olderClosed = new();
    private readonly Stack<List<string>> _spare = new();
    private readonly int _capacity;
    private readonly int _openRoom;
    private readonly int _openSize;
    private readonly int _closedSize;
    // Entries listed by an open or a closed generation (a taken one included).
    private int _openLive;
    private int _closedLive;
    private long _openGeneration;
    // The current closed generation (they count down: the older ones are _closedGeneration + 1 … + _olderClosed.Count).
    private long _closedGeneration = -1;

    /// <summary>A cache of at most <paramref name="capacity"/> cases; 0 keeps none. With <paramref name="gate"/> (the
    /// in-memory store's lock) the cache shares that lock, so the engine can read a case's row and take its snapshot, or
    /// commit it and put it back, under one lock (<see cref="Gate"/>, the <c>…Locked</c> methods).</summary>
    public SnapshotCache(int capacity, Lock? gate = null)
    {
        _gate = gate ?? new Lock();
        capacity = Math.Max(0, capacity);
        _capacity = capacity;
        _closedSize = capacity / 16;
        _openRoom = capacity - _closedSize;
        var generations = Math.Clamp(_openRoom, 1, OpenGenerations);
        _openSize = _openRoom / generations;
        for (var i = 0; i < Shards; i++) _shards[i] = new Dictionary<string, Entry>(StringComparer.Ordinal);
        _open = new List<string>[generations];
        for (var g = 0; g < generations; g++) _open[g] = [];
    }

    private Dictionary<string, Entry> Of(string caseNumber) => _shards[caseNumber.Length == 0 ? 0 : caseNumber[^1] & (Shards - 1)];

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
        ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(Of(caseNumber), caseNumber);
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
        snapshot = Of(caseNumber).TryGetValue(caseNumber, out var entry) && entry.Snapshot is { } cached && cached.Version == version
            ? cached.Clone()
            : null!;
        return snapshot is not null;
    }

    /// <summary>The cached object itself, or null when none is cached (tests: which object a command left behind).</summary>
    internal CaseSnapshot? Peek(string caseNumber)
    {
        lock (_gate) return Of(caseNumber).TryGetValue(caseNumber, out var entry) ? entry.Snapshot : null;
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
            for (var turns = 1; turns < _open.Length && _openLive >= _openRoom && !Of(caseNumber).ContainsKey(caseNumber); turns++) keys = TurnOpen();
        }
        // Older closed generations give up the room a new entry needs (the current one, at most a sixteenth, stays).
        while (_olderClosed.Count > 0 && _openLive + _closedLive >= _capacity && !Of(caseNumber).ContainsKey(caseNumber)) DropOldestClosed();
        var generation = closed ? _closedGeneration : _openGeneration;
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(Of(caseNumber), caseNumber, out var exists);
        entry.Snapshot = snapshot;
        if (exists && entry.Generation == generation) return;
        if (exists) Unlist(entry.Generation);
        if (closed) _closedLive++;
        else _openLive++;
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
        if (Of(caseNumber).Remove(caseNumber, out var entry)) Unlist(entry.Generation);
    }

    // An entry leaves the generation that listed it (its key stays in that list, skipped as stale).
    private void Unlist(long generation)
    {
        if (generation >= 0) _openLive--;
        else _closedLive--;
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
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(Of(key), key);
            // A case listed again since (or closed, or removed) is listed elsewhere or nowhere.
            if (Unsafe.IsNullRef(ref entry) || entry.Generation != oldest) continue;
            if (_openLive > _openRoom - _openSize)
            {
                Of(key).Remove(key);
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

    // Starts the next closed generation (the older ones stay while the open cases leave them room).
    private List<string> TurnClosed()
    {
        if (_olderClosed.Count == OlderClosedGenerations) DropOldestClosed();
        _olderClosed.Enqueue(_closed);
        _closedGeneration--;
        return _closed = _spare.Count > 0 ? _spare.Pop() : [];
    }

    // Drops the oldest closed generation's cases together (a case listed since by another generation is not its).
    private void DropOldestClosed()
    {
        var generation = _closedGeneration + _olderClosed.Count;
        var keys = _olderClosed.Dequeue();
        foreach (var key in keys)
        {
            if (Of(key).TryGetValue(key, out var entry) && entry.Generation == generation)
            {
                Of(key).Remove(key);
                _closedLive--;
            }
        }
        keys.Clear();
        _spare.Push(keys);
    }
}
