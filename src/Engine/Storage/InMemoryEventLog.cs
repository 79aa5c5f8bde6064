using System.Collections;

namespace OneStop.Engine.Storage;

/// <summary>One case's events in the in-memory store: an append-only list in chunks of 8, 16, … 1 024 and then
/// 1 024 records, so appending never copies what is already stored (a growing list copied its whole array at every
/// doubling, which for a long-running case meant large-object-heap arrays) and a short log wastes few slots.
/// Not thread-safe: the store uses it under its lock.</summary>
internal sealed class InMemoryEventLog : IReadOnlyCollection<EventRecord>
{
    private const int FirstChunk = 8;
    private const int GrowingChunks = 8;
    private const int MaxChunk = FirstChunk << (GrowingChunks - 1);
    // Records held by the growing chunks 8 + 16 + … + 1 024.
    private const int GrowingCapacity = FirstChunk * ((1 << GrowingChunks) - 1);

    private readonly List<EventRecord[]> _chunks = [];

    /// <inheritdoc />
    public int Count { get; private set; }

    /// <summary>The record at <paramref name="index"/> (0-based).</summary>
    public EventRecord this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            var (chunk, offset) = Locate(index);
            return _chunks[chunk][offset];
        }
    }

    /// <summary>Appends <paramref name="records"/> in order.</summary>
    public void AddRange(IReadOnlyList<EventRecord> records)
    {
        for (var i = 0; i < records.Count; i++)
        {
            var (chunk, offset) = Locate(Count);
            if (chunk == _chunks.Count) _chunks.Add(new EventRecord[chunk < GrowingChunks ? FirstChunk << chunk : MaxChunk]);
            _chunks[chunk][offset] = records[i];
            Count++;
        }
    }

    /// <summary>A copy of <paramref name="count"/> records from <paramref name="start"/>.</summary>
    public EventRecord[] GetRange(int start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, Count, nameof(count));
        var result = new EventRecord[count];
        var copied = 0;
        while (copied < count)
        {
            var (chunk, offset) = Locate(start + copied);
            var source = _chunks[chunk];
            var n = Math.Min(source.Length - offset, count - copied);
            Array.Copy(source, offset, result, copied, n);
            copied += n;
        }
        return result;
    }

    /// <inheritdoc />
    public IEnumerator<EventRecord> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return this[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The chunk and the offset in it of the record at <paramref name="index"/>.</summary>
    private static (int Chunk, int Offset) Locate(int index)
    {
        if (index >= GrowingCapacity) return (GrowingChunks + (index - GrowingCapacity) / MaxChunk, (index - GrowingCapacity) % MaxChunk);
        // Chunk k starts at 8·(2^k − 1): k = ⌊log2(index / 8 + 1)⌋.
        var chunk = System.Numerics.BitOperations.Log2((uint)(index / FirstChunk + 1));
        return (chunk, index - FirstChunk * ((1 << chunk) - 1));
    }
}
