using System.Runtime.InteropServices;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>The native buffer of a <see cref="CoalescingFile"/>: contiguous writes held back and passed on to the wrapped
/// file as few writes, at the same offsets, in the same order.</summary>
internal static unsafe class FileBuffer
{
    /// <summary>Largest write passed on at once: the unix VFS takes at most 128 KB - 1 per write (SQLite's own writes are
    /// at most a 64 KB page and its header; seekAndWrite masks the length with 0x1ffff).</summary>
    public const int MaxWrite = 124 << 10;

    private const int InitialBuffer = 64 << 10;

    /// <summary>Whether a write of <paramref name="amount"/> bytes at <paramref name="offset"/> continues the buffered
    /// bytes (or the buffer is empty) and keeps them within <paramref name="max"/>.</summary>
    public static bool Continues(CoalescingFile* c, int amount, long offset, int max) =>
        c->BufferLength == 0 || (offset == c->BufferOffset + c->BufferLength && (long)c->BufferLength + amount <= max);

    /// <summary>Appends a write that <see cref="Continues"/> the buffer; false (nothing buffered) when the buffer cannot
    /// hold it (memory is short, or it is larger than <paramref name="max"/>): the caller then flushes and writes it
    /// itself.</summary>
    public static bool TryAppend(CoalescingFile* c, void* data, int amount, long offset, int max)
    {
        if (amount > max || !Reserve(c, c->BufferLength + amount, max)) return false;
        if (c->BufferLength == 0) c->BufferOffset = offset;
        System.Buffer.MemoryCopy(data, c->Buffer + c->BufferLength, c->BufferCapacity - c->BufferLength, amount);
        c->BufferLength += amount;
        return true;
    }

    /// <summary>Passes the buffered bytes on and empties the buffer (even when a write fails: the caller reports the
    /// error to SQLite, which then fails the transaction or the checkpoint). Adds the writes passed on to
    /// <paramref name="passedOn"/>.</summary>
    public static int Flush(SqliteFileNative* f, ref long passedOn)
    {
        var c = (CoalescingFile*)f;
        if (c->BufferLength == 0) return Ok;
        var i = CoalescingFile.Inner(f);
        var length = c->BufferLength;
        c->BufferLength = 0;
        for (var done = 0; done < length; done += MaxWrite)
        {
            Interlocked.Increment(ref passedOn);
            var rc = i->pMethods->xWrite(i, c->Buffer + done, Math.Min(MaxWrite, length - done), c->BufferOffset + done);
            if (rc != Ok) return rc;
        }
        return Ok;
    }

    /// <summary>Frees the buffer (the file is closed).</summary>
    public static void Free(CoalescingFile* c)
    {
        NativeMemory.Free(c->Buffer);
        c->Buffer = null;
        c->BufferLength = 0;
        c->BufferCapacity = 0;
    }

    /// <summary>Grows the buffer to hold <paramref name="needed"/> bytes; false when memory is short.</summary>
    private static bool Reserve(CoalescingFile* c, int needed, int max)
    {
        if (needed <= c->BufferCapacity) return true;
        if (needed > max) return false;
        var capacity = Math.Max(c->BufferCapacity, Math.Min(InitialBuffer, max));
        while (capacity < needed) capacity *= 2;
        capacity = Math.Min(capacity, max);
        try
        {
            c->Buffer = (byte*)NativeMemory.Realloc(c->Buffer, (nuint)capacity);
        }
        catch (OutOfMemoryException)
        {
            // Realloc left the old block (and its bytes) as they were.
            return false;
        }
        c->BufferCapacity = capacity;
        return true;
    }
}
