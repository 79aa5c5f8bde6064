using System.Collections;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

/// <summary>One case's events in the in-memory store: a backward chain of commits in the store's
/// <see cref="InMemoryEventArena"/>, so a case owns no growing array (appending never copies what is stored, and
/// what the log keeps sits on the large-object heap, which the collector does not copy). Not thread-safe: the store
/// uses it under its lock, except <see cref="LinkAt"/>, which takes that lock.</summary>
/// <remarks>
/// <para>Compact events. A record the engine built for this log (payload and link still pending, following the log's
/// last event, with its commit's time, actor and key) is not kept: the arena holds its event, and the record is
/// rebuilt, again lazily, when read. Its link is computed from the log itself (<see cref="LinkAt"/>, cached), which
/// is what the record would have computed: it followed exactly the log's previous event. Any other record (stored
/// bytes, or a chain the log cannot vouch for) is kept as given. So the store keeps no ~90-byte record object per
/// event, nor the chain of pending records that linked them.</para>
/// <para>Reads walk the commits back from the last one: a range costs the commits after it too, which for the
/// store's readers (a whole log, or the tail after a snapshot) is the range itself.</para>
/// <para>The store's case entry is its case's log (a subclass of it), so a case costs one object fewer.</para>
/// </remarks>
internal class InMemoryEventLog : IReadOnlyCollection<EventRecord>
{
    // The arena holds the lock links are computed under (the store's, for its logs): a case's entry keeps one reference
    // fewer.
    private readonly InMemoryEventArena _arena;
    // The arena index of the last commit (−1 while empty).
    private int _lastCommit = -1;
    private string? _caseNumber;
    // Links computed so far (sequences 1 … Count of the list), made on the first read of a link.
    private List<ReadOnlyMemory<byte>>? _links;

    /// <summary>A log in <paramref name="arena"/> whose links are computed under the arena's <see cref="InMemoryEventArena.Gate"/>
    /// (the store's arena and lock), or in an arena of its own, under <paramref name="gate"/> or a lock of its own.</summary>
    public InMemoryEventLog(InMemoryEventArena? arena = null, Lock? gate = null)
    {
        if (arena is not null && gate is not null && arena.Gate != gate)
            throw new ArgumentException("A log in a given arena is guarded by the arena's lock.", nameof(gate));
        _arena = arena ?? new InMemoryEventArena(gate);
    }

    /// <summary>The arena the log keeps its events in (shared by a store's logs).</summary>
    protected InMemoryEventArena Arena => _arena;

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <summary>The record at <paramref name="index"/> (0-based): the one kept, or a lazily built equal one.</summary>
    public EventRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return GetRange(index, 1)[0];
        }
    }

    /// <summary>Appends one commit's <paramref name="records"/> in order (dense sequences from <see cref="Count"/> + 1,
    /// checked by the store). Returns true when the last one is kept compact: the caller then points the case row's
    /// head at this log.</summary>
    public bool AddRange(IReadOnlyList<EventRecord> records)
    {
        if (records.Count == 0) return false;
        var first = records[0];
        _caseNumber ??= first.CaseNumber;
        _arena.BeginCommit();
        var compact = false;
        var start = -1;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var pending = record.PendingPredecessor;
            // Compact events share the commit's columns (the engine's always do).
            compact = pending is not null && Follows(pending, i == 0 ? null : records[i - 1], record.Sequence)
                && record.At == first.At && string.Equals(record.Actor, first.Actor, StringComparison.Ordinal) && string.Equals(record.CommandKey, first.CommandKey, StringComparison.Ordinal)
                && string.Equals(record.CaseNumber, _caseNumber, StringComparison.Ordinal);
            var index = compact ? _arena.AddEvent(record.Event!, _caseNumber) : _arena.AddRecord(record);
            if (i == 0) start = index;
            Count++;
        }
        _lastCommit = _arena.AddCommit(new InMemoryEventArena.Commit(first.At, first.Actor, start, _lastCommit), _arena.Keys.AddOrLast(first.CommandKey));
        return compact;
    }

    /// <summary>Appends an engine commit: its events alone, without building their records, when it follows this log's
    /// last event; else as <see cref="AddRange"/> does. Returns true when the last event is kept compact.</summary>
    public bool AddCommit(CommitEvents commit)
    {
        var previous = commit.Previous;
        var follows = commit.First == Count + 1 && commit.Count > 0
            && (Count == 0 ? previous.Pending is null && previous.Bytes.IsEmpty : ReferenceEquals(previous.Pending, this) && previous.Sequence == Count)
            && string.Equals(commit.CaseNumber, _caseNumber ?? commit.CaseNumber, StringComparison.Ordinal);
        if (!follows) return AddRange(commit);
        _caseNumber ??= commit.CaseNumber;
        _arena.BeginCommit();
        var events = commit.Events;
        var start = _arena.AddEvent(events[0], commit.CaseNumber);
        for (var i = 1; i < events.Length; i++) _arena.AddEvent(events[i], commit.CaseNumber);
        Count += events.Length;
        _lastCommit = _arena.AddCommit(new InMemoryEventArena.Commit(commit.At, commit.Actor, start, _lastCommit), _arena.Keys.AddOrLast(commit.CommandKey));
        return true;
    }

    /// <summary>Appends an engine commit's <paramref name="events"/> (from sequence <paramref name="first"/>, following
    /// <paramref name="previous"/>) as <see cref="AddCommit"/> keeps them when they follow this log's last event; returns
    /// false and appends nothing when they do not (the caller then builds their <see cref="CommitEvents"/>).</summary>
    public bool TryAddFollowing(string caseNumber, long first, DateTimeOffset at, string actor, string commandKey, IReadOnlyList<CaseEvent> events, ChainLink previous)
    {
        var follows = first == Count + 1 && events.Count > 0
            && (Count == 0 ? previous.Pending is null && previous.Bytes.IsEmpty : ReferenceEquals(previous.Pending, this) && previous.Sequence == Count)
            && string.Equals(caseNumber, _caseNumber ?? caseNumber, StringComparison.Ordinal);
        if (!follows) return false;
        _caseNumber ??= caseNumber;
        _arena.BeginCommit();
        var start = _arena.AddEvent(events[0], caseNumber);
        for (var i = 1; i < events.Count; i++) _arena.AddEvent(events[i], caseNumber);
        Count += events.Count;
        _lastCommit = _arena.AddCommit(new InMemoryEventArena.Commit(at, actor, start, _lastCommit), _arena.Keys.AddOrLast(commandKey));
        return true;
    }

    /// <summary>The arena number of the last commit (−1 while empty).</summary>
    public int LastCommit => _lastCommit;

    /// <summary>Records the result the last commit keeps for its command key (see <see cref="InMemoryEventArena.Commit.Result"/>).</summary>
    public void SetResult(in KeptCommand result) => _arena.SetResult(_lastCommit, result);

    /// <summary>Records that the last commit wrote the <paramref name="count"/> outbox slots from <paramref name="start"/>.</summary>
    public void SetOutbox(long start, int count) => _arena.SetOutbox(_lastCommit, start, count);

    /// <summary>The outbox slot of row <paramref name="position"/> of the commit whose first event is
    /// <paramref name="firstSequence"/>, when that commit recorded its rows (see <see cref="SetOutbox"/>).</summary>
    public bool TryFindOutbox(long firstSequence, long position, out long slot)
    {
        var end = (long)Count;
        for (var commit = _lastCommit; commit >= 0 && end >= firstSequence;)
        {
            ref readonly var c = ref _arena.CommitAt(commit);
            var first = end - _arena.CountOf(commit) + 1;
            if (first == firstSequence)
            {
                slot = c.OutboxStart + position;
                return position < c.OutboxCount;
            }
            end = first - 1;
            commit = c.Previous;
        }
        slot = -1;
        return false;
    }

    /// <summary>True when a pending record at <paramref name="sequence"/> follows exactly this log's last event: the
    /// previous record of the same commit (already appended), this log at its end, the last record kept as given, or
    /// the chain's start.</summary>
    private bool Follows(object predecessor, EventRecord? previousInCommit, long sequence)
    {
        if (sequence != Count + 1) return false;
        if (previousInCommit is not null) return ReferenceEquals(predecessor, previousInCommit);
        if (Count == 0) return ReferenceEquals(predecessor, EventRecord.ChainStart);
        if (ReferenceEquals(predecessor, this)) return true;
        ref readonly var last = ref _arena.CommitAt(_lastCommit);
        return ReferenceEquals(predecessor, _arena.RawItem(last.First + _arena.CountOf(_lastCommit) - 1));
    }

    /// <summary>The arena items of the <paramref name="count"/> events from <paramref name="start"/> (0-based), in
    /// order, with their commits.</summary>
    private (int Item, int Commit)[] SlotsOf(int start, int count)
    {
        var slots = new (int, int)[count];
        var commit = _lastCommit;
        // The sequence index just past the current commit's events.
        var end = Count;
        var i = count - 1;
        while (i >= 0)
        {
            ref readonly var c = ref _arena.CommitAt(commit);
            var first = end - _arena.CountOf(commit);
            for (var k = Math.Min(end, start + count) - 1; k >= Math.Max(first, start); k--) slots[i--] = (c.First + k - first, commit);
            end = first;
            commit = c.Previous;
        }
        return slots;
    }

    /// <summary>The records from <paramref name="start"/> (0-based): kept ones as they are, compact ones rebuilt lazily,
    /// each following the one before it (the first one this log's link before it).</summary>
    public EventRecord[] GetRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        var slots = SlotsOf(start, count);
        var result = new EventRecord[count];
        var previous = start == 0 ? default : new ChainLink(this, default, start);
        // A commit's key string, made once for its events.
        var keyCommit = -1;
        string? key = null;
        for (var i = 0; i < count; i++)
        {
            var item = _arena.Item(slots[i].Item, slots[i].Commit, _caseNumber!);
            EventRecord record;
            if (item is EventRecord kept) record = kept;
            else
            {
                ref readonly var c = ref _arena.CommitAt(slots[i].Commit);
                if (keyCommit != slots[i].Commit) (keyCommit, key) = (slots[i].Commit, _arena.CommandKeyOf(c));
                record = new EventRecord(_caseNumber!, start + i + 1, c.At, c.Actor!, key!, (CaseEvent)item, previous);
            }
            result[i] = record;
            previous = new ChainLink(record, default);
        }
        return result;
    }

    /// <summary>The hash chain link of the event at <paramref name="sequence"/> (1-based; empty for 0): a kept record's
    /// own link, or computed over the log (serializing compact events) and cached.</summary>
    public ReadOnlyMemory<byte> LinkAt(long sequence)
    {
        if (sequence == 0) return ReadOnlyMemory<byte>.Empty;
        lock (_arena.Gate)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)sequence, (ulong)Count, nameof(sequence));
            var links = _links ??= [];
            if (links.Count < sequence)
            {
                var slots = SlotsOf(links.Count, (int)sequence - links.Count);
                var keyCommit = -1;
                string? key = null;
                for (var i = 0; i < slots.Length; i++)
                {
                    var index = links.Count;
                    var item = _arena.Item(slots[i].Item, slots[i].Commit, _caseNumber!);
                    if (item is EventRecord record)
                    {
                        links.Add(record.Hash);
                        continue;
                    }
                    var e = (CaseEvent)item;
                    ref readonly var c = ref _arena.CommitAt(slots[i].Commit);
                    if (keyCommit != slots[i].Commit) (keyCommit, key) = (slots[i].Commit, _arena.CommandKeyOf(c));
                    var previous = index == 0 ? ReadOnlySpan<byte>.Empty : links[index - 1].Span;
                    links.Add(HashChain.Link(previous, _caseNumber!, index + 1, e.TypeName, c.At, c.Actor!, key!, JsonBytes.SerializeEvent(e)));
                }
            }
            return links[(int)sequence - 1];
        }
    }

    /// <inheritdoc />
    public IEnumerator<EventRecord> GetEnumerator() => ((IEnumerable<EventRecord>)GetRange(0, Count)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
