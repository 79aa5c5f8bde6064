using System.IO.Compression;
using OneStop.Engine;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>How a snapshot is stored (schema 7): deflated when that makes it smaller, with its original size in
/// <c>snapshots.snapshot_size</c>; as given (size NULL) otherwise, and in files written before schema 7. The engine's
/// snapshots are JSON of ~4 KB, which deflate to about a quarter: with 1 KB pages a stored snapshot then takes its
/// leaf cell and at most one overflow page instead of four, and a group commit writes that many fewer WAL frames.
/// Compression runs on the committing caller's thread, never on the single writer's, through <see cref="FixedDeflate"/>
/// (fixed Huffman codes, as zlib-ng's fastest level wrote them, without its per-stream set-up). On the simulator's
/// snapshots zlib's levels differ by a tenth in size (level 1: 1,033 B on average, level 9: 924 B), and at every level the
/// same ~47 % fit their leaf cell without an overflow page, while level 6 took twice the CPU of level 1. Decoding takes
/// any raw deflate stream, so files written by the framework's encoder (before session 9) read as they did.</summary>
internal static class SnapshotCodec
{
    /// <summary>Snapshots shorter than this are stored as given: they fit in a leaf cell anyway.</summary>
    internal const int MinimumToCompress = 512;

    /// <summary>The largest scratch buffer a thread keeps between snapshots.</summary>
    private const int MaximumScratch = 64 * 1024;

    [ThreadStatic] private static byte[]? t_scratch;

    /// <summary>The bytes to store and, when they are deflated, the snapshot's original size (else null).</summary>
    public static (ReadOnlyMemory<byte> Stored, long? Size) Encode(ReadOnlyMemory<byte> snapshot)
    {
        if (snapshot.Length < MinimumToCompress) return (snapshot, null);
        var scratch = t_scratch;
        if (scratch is null || scratch.Length < snapshot.Length)
        {
            scratch = new byte[Math.Max(snapshot.Length, 8 * 1024)];
            if (scratch.Length <= MaximumScratch) t_scratch = scratch;
        }
        // Incompressible bytes are stored as they are: never larger than given (the encoder gives up when its output
        // would not be shorter).
        var written = FixedDeflate.Compress(snapshot.Span, scratch.AsSpan(0, snapshot.Length - 1));
        return written < 0 ? (snapshot, null) : (scratch.AsSpan(0, written).ToArray(), snapshot.Length);
    }

    /// <summary>As <see cref="Encode"/>, but never shares <paramref name="snapshot"/>'s memory: bytes stored as given are
    /// copied, so the caller may reuse its buffer as soon as this returns (SqliteCaseStore.CommitAsync).</summary>
    public static (ReadOnlyMemory<byte> Stored, long? Size) EncodeCopy(ReadOnlyMemory<byte> snapshot)
    {
        var encoded = Encode(snapshot);
        return encoded.Size is null && !encoded.Stored.IsEmpty ? (encoded.Stored.ToArray(), null) : encoded;
    }

    /// <summary>The snapshot as the engine gave it, from the stored bytes and size (null: stored as given).</summary>
    /// <exception cref="StoreException">The stored bytes do not inflate to the recorded size (not transient).</exception>
    public static byte[] Decode(byte[] stored, long? size)
    {
        if (size is not { } length) return stored;
        try
        {
            var result = new byte[length];
            using var inflate = new DeflateStream(new MemoryStream(stored, writable: false), CompressionMode.Decompress);
            inflate.ReadExactly(result);
            if (inflate.Read(new byte[1]) == 0) return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw Damaged(length, ex);
        }
        throw Damaged(length, null);
    }

    private static StoreException Damaged(long size, Exception? inner) =>
        new($"A stored snapshot does not inflate to its recorded {size} bytes: the file is damaged.", isTransient: false, inner);
}
