using System.Buffers;
using OneStop.Engine.Flow;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Pipeline;

/// <summary>The thread's reused buffer for the snapshot bytes of a commit to an <see cref="Storage.ISnapshotCopyingStore"/>:
/// written just before the store's CommitAsync call and free again when it returns (nothing awaits in between, so one
/// buffer per thread serves every command that thread runs).</summary>
internal static class SnapshotBuffer
{
    /// <summary>A buffer grown past this (an unusually large case) is dropped after its commit rather than kept.</summary>
    private const int MaximumKept = 64 * 1024;

    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;

    /// <summary>The snapshot's JSON (the bytes of <see cref="JsonBytes.SerializeSnapshot"/>) in the thread's buffer, valid
    /// until <see cref="Release"/> on this thread.</summary>
    public static ReadOnlyMemory<byte> Write(CaseSnapshot snapshot)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(8 * 1024);
        buffer.ResetWrittenCount();
        JsonBytes.SerializeSnapshotTo(snapshot, buffer);
        return buffer.WrittenMemory;
    }

    /// <summary>Frees the thread's buffer for the next snapshot (no-op when none was written).</summary>
    public static void Release()
    {
        var buffer = t_buffer;
        if (buffer is null) return;
        if (buffer.Capacity > MaximumKept) t_buffer = null;
        else buffer.ResetWrittenCount();
    }
}
