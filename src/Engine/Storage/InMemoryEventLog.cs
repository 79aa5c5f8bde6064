using System.Collections;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Storage;

/// <summary>One case's events in the in-memory store: an append-only list in chunks of 8, 16, … 1 024 and then
/// 1 024 slots, so appending never copies what is already stored (a growing list copied its whole array at every
/// doubling, which for a long-running case meant large-object-heap arrays) and a short log wastes few slots.
/// Not thread-safe: the store uses it under its lock.</summary>
/// <remarks>
/// <para>Compact slots. A record the engine built for this log (payload and link still pending, following the log's
/// last event) is not kept: its slot holds the event and the commit's time, actor and key (one object per commit),
/// and the record is rebuilt, again lazily, when read. Its link is computed from the log itself (<see cref="LinkAt"/>,
/// cached), which is what the record would have computed: it followed exactly the log's previous event. Any other
/// record (stored bytes, or a chain the log cannot vouch for) is kept as given. So the store no longer keeps an
/// ~90-byte record object per event, nor the chain of pending records that linked them.</para>
/// </remarks>
internal sealed class InMemoryEventLog : IReadOnlyCollection<EventRecord>
{
    private const int FirstChunk = 8;
    private const int GrowingChunks = 8;
    private const int MaxChunk = FirstChunk << (GrowingChunks - 1);
    // Slots held by the growing chunks 8 + 16 + … + 1 024.
    private const int GrowingCapacity = FirstChunk * ((1 << GrowingChunks) - 1);

    private readonly Lock _gate;
    private readonly List<Slot[]> _chunks = [];
    private string? _caseNumber;
    // Links computed so far (sequences 1 … Count of the list), made on the first read of a link.
    private List<ReadOnlyMemory<byte>>? _links;

    /// <summary>A log whose links are computed under <paramref name="gate"/> (the store's lock), or a lock of its own.</summary>
    public InMemoryEventLog(Lock? gate = null) => _gate = gate ?? new Lock();

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

    /// <summary>Appends <paramref name="records"/> in order (dense sequences from <see cref="Count"/> + 1, checked by the
    /// store). Returns the link of the last one when it is kept compact (the caller points the case row at it), else null.</summary>
    public InMemoryLogLink? AddRange(IReadOnlyList<EventRecord> records)
    {
        var compact = false;
        CommitInfo? info = null;
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            _caseNumber ??= record.CaseNumber;
            var pending = record.PendingPredecessor;
            compact = pending is not null && Follows(pending, i == 0 ? null : records[i - 1])
                && record.Sequence == Count + 1 && string.Equals(record.CaseNumber, _caseNumber, StringComparison.Ordinal);
            object item = record;
            if (compact)
            {
                info ??= new CommitInfo(record.At, record.Actor, record.CommandKey);
                compact = info.At == record.At && ReferenceEquals(info.Actor, record.Actor) && ReferenceEquals(info.CommandKey, record.CommandKey);
                if (compact) item = record.Event!;
            }
            var (chunk, offset) = Locate(Count);
            if (chunk == _chunks.Count) _chunks.Add(new Slot[chunk < GrowingChunks ? FirstChunk << chunk : MaxChunk]);
            _chunks[chunk][offset] = new Slot(item, compact ? info : null);
            Count++;
        }
        return compact ? new InMemoryLogLink(this, Count) : null;
    }

    /// <summary>True when a pending record's predecessor is exactly this log's last event: the previous record of the same
    /// commit (already appended), a link of this log at its end, the last record kept as given, or the chain's start.</summary>
    private bool Follows(object predecessor, EventRecord? previousInCommit)
    {
        if (previousInCommit is not null) return ReferenceEquals(predecessor, previousInCommit);
        if (Count == 0) return ReferenceEquals(predecessor, EventRecord.ChainStart);
        if (predecessor is InMemoryLogLink link) return ReferenceEquals(link.Log, this) && link.Sequence == Count;
        var (chunk, offset) = Locate(Count - 1);
        return ReferenceEquals(predecessor, _chunks[chunk][offset].Item);
    }

    /// <summary>The records from <paramref name="start"/> (0-based): kept ones as they are, compact ones rebuilt lazily,
    /// each following the one before it (the first one a link of this log).</summary>
    public EventRecord[] GetRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        var result = new EventRecord[count];
        var previous = start == 0 ? default : new ChainLink(new InMemoryLogLink(this, start), default);
        for (var i = 0; i < count; i++)
        {
            var (chunk, offset) = Locate(start + i);
            var slot = _chunks[chunk][offset];
            var record = slot.Item as EventRecord
                ?? new EventRecord(_caseNumber!, start + i + 1, slot.Commit!.At, slot.Commit.Actor, slot.Commit.CommandKey, (CaseEvent)slot.Item, previous);
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
        lock (_gate)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan((ulong)sequence, (ulong)Count, nameof(sequence));
            var links = _links ??= [];
            while (links.Count < sequence)
            {
                var index = links.Count;
                var (chunk, offset) = Locate(index);
                var slot = _chunks[chunk][offset];
                if (slot.Item is EventRecord record)
                {
                    links.Add(record.Hash);
                    continue;
                }
                var e = (CaseEvent)slot.Item;
                var previous = index == 0 ? ReadOnlySpan<byte>.Empty : links[index - 1].Span;
                links.Add(HashChain.Link(previous, _caseNumber!, index + 1, e.TypeName, slot.Commit!.At, slot.Commit.Actor, slot.Commit.CommandKey,
                    JsonBytes.SerializeEvent(e)));
            }
            return links[(int)sequence - 1];
        }
    }

    /// <inheritdoc />
    public IEnumerator<EventRecord> GetEnumerator() => ((IEnumerable<EventRecord>)GetRange(0, Count)).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The chunk and the offset in it of the slot at <paramref name="index"/>.</summary>
    private static (int Chunk, int Offset) Locate(int index)
    {
        if (index >= GrowingCapacity) return (GrowingChunks + (index - GrowingCapacity) / MaxChunk, (index - GrowingCapacity) % MaxChunk);
        // Chunk k starts at 8·(2^k − 1): k = ⌊log2(index / 8 + 1)⌋.
        var chunk = System.Numerics.BitOperations.Log2((uint)(index / FirstChunk + 1));
        return (chunk, index - FirstChunk * ((1 << chunk) - 1));
    }

    /// <summary>A stored event: the record as given, or a compact event with its commit's columns.</summary>
    private readonly record struct Slot(object Item, CommitInfo? Commit);

    /// <summary>The columns every event of one commit shares.</summary>
    private sealed record CommitInfo(DateTimeOffset At, string Actor, string CommandKey);
}
