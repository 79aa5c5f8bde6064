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

    /// <summary>Largest write passed on at once (see <see cref="FileBuffer.MaxWrite"/>).</summary>
    public const int MaxWrite = FileBuffer.MaxWrite;

    private static long s_writes;
    private static long s_flushes;
    private static long s_syncs;
    private static long s_deferredSyncs;

    /// <summary>SQLite's <c>SQLITE_SYNC_NORMAL</c>: the flags of a commit's sync on the store's writer connection, whose
    /// checkpoint syncs (and the sync of a new WAL header, which SQLite makes with the same flags) are
    /// <c>SQLITE_SYNC_FULL</c> (<c>PRAGMA checkpoint_fullfsync</c>, <see cref="EnableDeferredSync"/>).</summary>
    private const int SyncNormal = 0x02;

    /// <summary>The table, allocated once for the process and never freed (SQLite keeps pointers to it).</summary>
    public static readonly SqliteIoMethodsNative* Table = Create();

    /// <summary>WAL writes SQLite made through the shim (all processes' shims count separately).</summary>
    public static long Writes => Volatile.Read(ref s_writes);

    /// <summary>Writes the shim passed on to the wrapped file.</summary>
    public static long Flushes => Volatile.Read(ref s_flushes);

    /// <summary>Syncs passed on to the wrapped file (all files of the process).</summary>
    public static long Syncs => Volatile.Read(ref s_syncs);

    /// <summary>Commit syncs of a deferred WAL that wrote the frames and returned without syncing (all files).</summary>
    public static long DeferredSyncs => Volatile.Read(ref s_deferredSyncs);

    /// <summary>Makes the WAL handle <paramref name="file"/> (the writer connection's, from
    /// <c>SQLITE_FCNTL_JOURNAL_POINTER</c>) defer its commit syncs: a sync with <c>SQLITE_SYNC_NORMAL</c> writes the
    /// buffered frames and returns without an fsync; the store's sync thread fsyncs the file before it acknowledges any
    /// commit. Syncs with other flags (checkpoints and a new WAL header, <c>checkpoint_fullfsync</c> on that connection),
    /// the handle's next sync (the unix VFS syncs the directory of a new WAL at a file's first sync) and the first after a
    /// write at offset 0 stay real. False when the file is not a WAL opened through the shim. Call only while no other
    /// thread uses the connection.</summary>
    public static bool EnableDeferredSync(SqliteFileNative* file)
    {
        if (file == null || file->pMethods != Table) return false;
        ((CoalescingFile*)file)->Flags |= CoalescingFile.DeferSync | CoalescingFile.SyncNext;
        return true;
    }

    /// <summary>Ends <see cref="EnableDeferredSync"/> (the store closes: SQLite's last checkpoint and whatever follows
    /// sync for real).</summary>
    public static void DisableDeferredSync(SqliteFileNative* file)
    {
        if (file == null || file->pMethods != Table) return;
        ((CoalescingFile*)file)->Flags &= ~CoalescingFile.DeferSync;
    }

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

    private static int Flush(SqliteFileNative* f) => FileBuffer.Flush(f, ref s_flushes);

    [UnmanagedCallersOnly]
    private static int Write(SqliteFileNative* f, void* data, int amount, long offset)
    {
        var c = (CoalescingFile*)f;
        var i = CoalescingFile.Inner(f);
        Interlocked.Increment(ref s_writes);
        // A new WAL header (the WAL starts over): SQLite syncs it before it writes frames after it, and that sync must
        // reach the disk (an out-of-order write after a restart could otherwise corrupt the file).
        if (offset == 0) c->Flags |= CoalescingFile.SyncNext;
        if (!FileBuffer.Continues(c, amount, offset, MaxBuffer))
        {
            var rc = Flush(f);
            if (rc != Ok) return rc;
        }
        if (!FileBuffer.TryAppend(c, data, amount, offset, MaxBuffer))
        {
            var rc = Flush(f);
            if (rc != Ok) return rc;
            Interlocked.Increment(ref s_flushes);
            return i->pMethods->xWrite(i, data, amount, offset);
        }
        return Ok;
    }

    [UnmanagedCallersOnly]
    private static int Sync(SqliteFileNative* f, int flags)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var c = (CoalescingFile*)f;
        // A commit's sync on the writer's WAL: the frames are written (above), the store's sync thread fsyncs them.
        if ((c->Flags & (CoalescingFile.DeferSync | CoalescingFile.SyncNext)) == CoalescingFile.DeferSync && (flags & 0x0f) == SyncNormal)
        {
            Interlocked.Increment(ref s_deferredSyncs);
            return Ok;
        }
        var i = CoalescingFile.Inner(f);
        Interlocked.Increment(ref s_syncs);
        rc = i->pMethods->xSync(i, flags);
        if (rc == Ok) c->Flags &= ~CoalescingFile.SyncNext;
        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Read(SqliteFileNative* f, void* data, int amount, long offset)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        // A checkpoint of this connection's database is copying frames: read them through a map of the file.
        DatabaseIoMethods.MapForCheckpoint(f);
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
        FileBuffer.Free(c);
        return flushed != Ok ? flushed : closed;
    }
}
