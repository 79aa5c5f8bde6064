using System.Runtime.InteropServices;

namespace OneStop.Engine.Storage;

/// <summary>Stored snapshot bytes of an in-memory store's cases, appended to shared byte chunks instead of an array per
/// case: a closed case's snapshot (about 1 KB) was the largest thing the store kept per case, one array each that every
/// collection promoted on its own; a chunk holds dozens of them and no reference. Bytes in a chunk never change once
/// given to a reader: only the last bytes appended, when their case says nobody was given them, are written over
/// (<see cref="Replace"/>). Not thread-safe: used under the store's lock.</summary>
internal sealed class SnapshotChunks
{
    // 64 KB: under the large-object threshold (see InMemoryEventArena).
    private const int ChunkBytes = 65_536;
    // Larger bytes get an array of their own, exactly their size: a chunk would leave too much of itself unused.
    private const int MaxInChunk = ChunkBytes / 8;
    private byte[]? _chunk;
    private int _end;

    /// <summary>A copy of <paramref name="bytes"/> in the chunk being filled (or a new one).</summary>
    public ReadOnlyMemory<byte> Append(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxInChunk) return bytes.ToArray();
        if (_chunk is null || _end + bytes.Length > ChunkBytes)
        {
            _chunk = GC.AllocateUninitializedArray<byte>(ChunkBytes);
            _end = 0;
        }
        var start = _end;
        bytes.CopyTo(_chunk.AsSpan(start));
        _end += bytes.Length;
        return new ReadOnlyMemory<byte>(_chunk, start, bytes.Length);
    }

    /// <summary>True when <paramref name="bytes"/> are the last bytes appended (and still in the chunk being filled).</summary>
    public bool IsLast(ReadOnlyMemory<byte> bytes) =>
        _chunk is not null && MemoryMarshal.TryGetArray(bytes, out var segment) && ReferenceEquals(segment.Array, _chunk) && segment.Offset + segment.Count == _end;

    /// <summary><see cref="Append"/>, written over <paramref name="last"/> when those are the last bytes appended (see
    /// <see cref="IsLast"/>): the caller guarantees that no reader was given them.</summary>
    public ReadOnlyMemory<byte> Replace(ReadOnlyMemory<byte> last, ReadOnlySpan<byte> bytes)
    {
        if (IsLast(last)) _end -= last.Length;
        return Append(bytes);
    }
}
