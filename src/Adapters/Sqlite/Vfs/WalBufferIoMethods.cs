using System.Runtime.InteropServices;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>io-methods of a WAL opened through the shim. SQLite writes each WAL frame with two calls (its 24-byte
/// header, then the page) and syncs the WAL once per commit; these methods keep contiguous writes in a native buffer
/// and pass them on as one write. The buffer is written before anything that could observe the file — a read (a
/// connection reads back its own spilled frames), the size, a truncation, a file control, a sync, a close — and before a
/// write that does not continue it, or that would take it past <see cref="MaxBuffer"/>. So the wrapped file sees the
/// same bytes at the same offsets in the same order, only in fewer calls, and every byte is written before the sync
/// that makes it durable. Other connections read the WAL only up to the last commit published in the wal-index, which
/// SQLite publishes after that sync only with synchronous=FULL or EXTRA: the store uses the shim only then.</summary>
internal static unsafe class WalBufferIoMethods
{
    /// <summary>Largest buffer per WAL file (a bigger transaction is passed on in pieces of about this size).</summary>
    public const int MaxBuffer = 4 << 20;

    /// <summary>Largest write passed on at once: the unix VFS takes at most 128 KB - 1 per write (SQLite's own writes are
    /// at most a 64 KB page and its header; seekAndWrite masks the length with 0x1ffff).</summary>
    public const int MaxWrite = 124 << 10;

    private const int InitialBuffer = 64 << 10;

    private static long s_writes;
    private static long s_flushes;

    /// <summary>The table, allocated once for the process and never freed (SQLite keeps pointers to it).</summary>
    public static readonly SqliteIoMethodsNative* Table = Create();

    /// <summary>WAL writes SQLite made through the shim (all processes' shims count separately).</summary>
    public static long Writes => Volatile.Read(ref s_writes);

    /// <summary>Writes the shim passed on to the wrapped file.</summary>
    public static long Flushes => Volatile.Read(ref s_flushes);

    private static SqliteIoMethodsNative* Create()
    {
        var t = (SqliteIoMethodsNative*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteIoMethodsNative));
        PassThroughIoMethods.Fill(t);
        t->xClose = &Close;
        t->xRead = &Read;
        t->xWrite = &Write;
        t->xTruncate = &Truncate;
        t->xSync = &Sync;
        t->xFileSize = &FileSize;
        t->xFileControl = &FileControl;
        return t;
    }

    /// <summary>Passes the buffered bytes on with one write and empties the buffer (even when the write fails: SQLite
    /// then fails the transaction, and frames past the last synced commit are never trusted).</summary>
    private static int Flush(SqliteFileNative* f)
    {
        var c = (CoalescingFile*)f;
        if (c->BufferLength == 0) return Ok;
        var i = CoalescingFile.Inner(f);
        var length = c->BufferLength;
        c->BufferLength = 0;
        for (var done = 0; done < length; done += MaxWrite)
        {
            Interlocked.Increment(ref s_flushes);
            var rc = i->pMethods->xWrite(i, c->Buffer + done, Math.Min(MaxWrite, length - done), c->BufferOffset + done);
            if (rc != Ok) return rc;
        }
        return Ok;
    }

    [UnmanagedCallersOnly]
    private static int Write(SqliteFileNative* f, void* data, int amount, long offset)
    {
        var c = (CoalescingFile*)f;
        var i = CoalescingFile.Inner(f);
        Interlocked.Increment(ref s_writes);
        if (c->BufferLength > 0 && (offset != c->BufferOffset + c->BufferLength || (long)c->BufferLength + amount > MaxBuffer))
        {
            var rc = Flush(f);
            if (rc != Ok) return rc;
        }
        if (amount > MaxBuffer || !Reserve(c, c->BufferLength + amount))
        {
            var rc = Flush(f);
            if (rc != Ok) return rc;
            Interlocked.Increment(ref s_flushes);
            return i->pMethods->xWrite(i, data, amount, offset);
        }
        if (c->BufferLength == 0) c->BufferOffset = offset;
        System.Buffer.MemoryCopy(data, c->Buffer + c->BufferLength, c->BufferCapacity - c->BufferLength, amount);
        c->BufferLength += amount;
        return Ok;
    }

    /// <summary>Grows the buffer to hold <paramref name="needed"/> bytes; false when memory is short (the write then
    /// goes straight through).</summary>
    private static bool Reserve(CoalescingFile* c, int needed)
    {
        if (needed <= c->BufferCapacity) return true;
        var capacity = Math.Max(c->BufferCapacity, InitialBuffer);
        while (capacity < needed) capacity *= 2;
        capacity = Math.Min(capacity, MaxBuffer);
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

    [UnmanagedCallersOnly]
    private static int Sync(SqliteFileNative* f, int flags)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xSync(i, flags);
    }

    [UnmanagedCallersOnly]
    private static int Read(SqliteFileNative* f, void* data, int amount, long offset)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xRead(i, data, amount, offset);
    }

    [UnmanagedCallersOnly]
    private static int Truncate(SqliteFileNative* f, long size)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xTruncate(i, size);
    }

    [UnmanagedCallersOnly]
    private static int FileSize(SqliteFileNative* f, long* size)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xFileSize(i, size);
    }

    [UnmanagedCallersOnly]
    private static int FileControl(SqliteFileNative* f, int op, void* arg)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xFileControl(i, op, arg);
    }

    [UnmanagedCallersOnly]
    private static int Close(SqliteFileNative* f)
    {
        var c = (CoalescingFile*)f;
        var flushed = Flush(f);
        var i = CoalescingFile.Inner(f);
        var closed = i->pMethods->xClose(i);
        NativeMemory.Free(c->Buffer);
        c->Buffer = null;
        c->BufferCapacity = 0;
        return flushed != Ok ? flushed : closed;
    }
}
