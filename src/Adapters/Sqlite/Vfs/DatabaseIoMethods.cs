using System.Runtime.InteropServices;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>io-methods of a main database file opened through the shim. In WAL mode only checkpoints write the database
/// file, page by page in ascending page order (<c>walCheckpoint</c>), between <c>SQLITE_FCNTL_CKPT_START</c> and
/// <c>SQLITE_FCNTL_CKPT_DONE</c>; with 1 KB pages that was one <c>pwrite</c> per page, 90 % of the simulator's writes.
/// Between those two calls these methods keep runs of adjacent pages in a native buffer and pass each run on as one
/// write, and let the WAL be read through a memory map (<see cref="MapForCheckpoint"/>).
/// <para>Safety: the buffer is written before any other call on the file (a read, the size, a truncation, a sync, a lock
/// or shared-memory call, a file control, a close) and before a write that does not continue it, so the file sees the
/// same bytes at the same offsets in the same order, and every error reaches SQLite through a call whose result it
/// checks, so a failed write still fails the checkpoint before it publishes anything. SQLite ignores what
/// CKPT_DONE returns, and publishes the new backfill count right after it (with no call on the file when the checkpoint
/// copied only part of the WAL): so nothing may be buffered by then. <see cref="CheckpointPlan"/> names, at CKPT_START,
/// a page the checkpoint will certainly write with no certain page after it; that write and every later one go straight
/// through, so the last write of the checkpoint is never buffered. Should anything still be buffered at CKPT_DONE (the
/// plan was wrong: only a database that shrank could do that), it is written there, and if that fails the process stops
/// (<see cref="Environment.FailFast(string)"/>): a crash loses nothing committed (the WAL is intact and SQLite's recovery
/// copies it again), while going on could let readers see a page that is not in the file.</para></summary>
internal static unsafe class DatabaseIoMethods
{
    private const int FcntlMmapSize = 18;
    private const int FcntlCheckpointDone = 37;
    private const int FcntlCheckpointStart = 39;

    /// <summary>Largest WAL the checkpoint maps (larger ones are read past the map with <c>pread</c>, as before).</summary>
    private const long MaxWalMap = 1L << 30;

    private static long s_checkpoints;
    private static long s_pageWrites;
    private static long s_passedOn;
    private static long s_lateRuns;
    private static long s_walMaps;

    /// <summary>WALs mapped for a checkpoint's reads.</summary>
    public static long WalMaps => Volatile.Read(ref s_walMaps);

    /// <summary>The table, allocated once for the process and never freed (SQLite keeps pointers to it).</summary>
    public static readonly SqliteIoMethodsNative* Table = Create();

    /// <summary>Checkpoints that started on a database file opened through the shim (all files of the process).</summary>
    public static long Checkpoints => Volatile.Read(ref s_checkpoints);

    /// <summary>Page writes SQLite made during checkpoints.</summary>
    public static long PageWrites => Volatile.Read(ref s_pageWrites);

    /// <summary>Writes passed on to the wrapped file during checkpoints (coalesced runs and writes passed straight through).</summary>
    public static long PassedOn => Volatile.Read(ref s_passedOn);

    /// <summary>Checkpoints that still had bytes buffered at CKPT_DONE (the plan was wrong); 0 for the store's files.</summary>
    public static long LateRuns => Volatile.Read(ref s_lateRuns);

    private static SqliteIoMethodsNative* Create()
    {
        var t = (SqliteIoMethodsNative*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteIoMethodsNative));
        // Every slot flushes first, but SectorSize and DeviceCharacteristics (which observe nothing written) and
        // ShmBarrier (which cannot report an error).
        PassThroughIoMethods.Fill(t);
        t->xClose = &Close;
        t->xRead = &Read;
        t->xWrite = &Write;
        t->xTruncate = &Truncate;
        t->xSync = &Sync;
        t->xFileSize = &FileSize;
        t->xFileControl = &FileControl;
        t->xLock = &Lock;
        t->xUnlock = &Unlock;
        t->xCheckReservedLock = &CheckReservedLock;
        t->xShmMap = &ShmMap;
        t->xShmLock = &ShmLock;
        t->xShmBarrier = &ShmBarrier;
        t->xShmUnmap = &ShmUnmap;
        t->xFetch = &Fetch;
        t->xUnfetch = &Unfetch;
        return t;
    }

    private static int Flush(SqliteFileNative* f) => FileBuffer.Flush(f, ref s_passedOn);

    [UnmanagedCallersOnly]
    private static int Write(SqliteFileNative* f, void* data, int amount, long offset)
    {
        var c = (CoalescingFile*)f;
        var i = CoalescingFile.Inner(f);
        if ((c->Flags & CoalescingFile.Checkpointing) == 0) return i->pMethods->xWrite(i, data, amount, offset);
        Interlocked.Increment(ref s_pageWrites);
        int rc;
        if (!FileBuffer.Continues(c, amount, offset, FileBuffer.MaxWrite))
        {
            rc = Flush(f);
            if (rc != Ok) return rc;
        }
        if (!FileBuffer.TryAppend(c, data, amount, offset, FileBuffer.MaxWrite))
        {
            rc = Flush(f);
            if (rc != Ok) return rc;
            Interlocked.Increment(ref s_passedOn);
            return i->pMethods->xWrite(i, data, amount, offset);
        }
        // From the plan's last certain page on, each write leaves at once (with the run it ends).
        return offset < c->WriteThroughFrom ? Ok : Flush(f);
    }

    [UnmanagedCallersOnly]
    private static int FileControl(SqliteFileNative* f, int op, void* arg)
    {
        var c = (CoalescingFile*)f;
        var i = CoalescingFile.Inner(f);
        int rc;
        switch (op)
        {
            case FcntlCheckpointStart:
                rc = Flush(f);
                if (rc != Ok) return rc;
                StartCheckpoint(c, i);
                break;
            case FcntlCheckpointDone:
                if (c->BufferLength > 0)
                {
                    Interlocked.Increment(ref s_lateRuns);
                    if (Flush(f) != Ok)
                        Environment.FailFast("OneStop: a checkpoint's last database pages could not be written; stopping before SQLite publishes them (the WAL still holds them).");
                }
                EndCheckpoint(c);
                break;
            default:
                rc = Flush(f);
                if (rc != Ok) return rc;
                break;
        }
        return i->pMethods->xFileControl(i, op, arg);
    }

    /// <summary>Opens the checkpoint's window: buffering below the plan's last certain page.</summary>
    private static void StartCheckpoint(CoalescingFile* c, SqliteFileNative* inner)
    {
        Interlocked.Increment(ref s_checkpoints);
        c->Flags |= CoalescingFile.Checkpointing;
        c->WriteThroughFrom = 0;
        if ((c->Flags & CoalescingFile.SharedIndex) != 0)
        {
            var last = CheckpointPlan.LastCertainPage(inner, out var pageSize);
            if (last > 0) c->WriteThroughFrom = (last - 1) * (long)pageSize;
        }
        t_checkpointing = c;
    }

    private static void EndCheckpoint(CoalescingFile* c)
    {
        c->Flags &= ~CoalescingFile.Checkpointing;
        c->WriteThroughFrom = 0;
        if (c->Partner != null) MapWal(CoalescingFile.Inner(c->Partner), 0);
        c->Partner = null;
        t_checkpointing = null;
    }

    /// <summary>The database file whose checkpoint this thread is in (between CKPT_START and CKPT_DONE), if any. SQLite
    /// runs a checkpoint inside one call on one connection, and its only WAL calls between the two are the reads of the
    /// frames it copies, from the same connection's WAL: so a WAL read on this thread meanwhile is that WAL.</summary>
    [ThreadStatic]
    private static CoalescingFile* t_checkpointing;

    /// <summary>Called by a WAL read (<see cref="WalBufferIoMethods"/>): during a checkpoint, maps the WAL once, so that
    /// its frames are copied from the map instead of read with one <c>pread</c> each.</summary>
    public static void MapForCheckpoint(SqliteFileNative* wal)
    {
        var c = t_checkpointing;
        if (c == null || c->Partner != null) return;
        c->Partner = wal;
        MapWal(CoalescingFile.Inner(wal), MaxWalMap);
    }

    /// <summary>Maps the WAL (limit &gt; 0) or drops the map (0), through the wrapped VFS's own memory-mapped reads: once
    /// mapped, its reads copy from the map instead of calling <c>pread</c> (the checkpoint reads one frame per page, in
    /// page order, all over the WAL). Only during a checkpoint: the frames it reads are in the file the whole time (the
    /// WAL cannot start over or shrink before the checkpoint publishes), so no read through the map can reach past the
    /// end of the file.</summary>
    private static void MapWal(SqliteFileNative* wal, long limit)
    {
        var methods = wal->pMethods;
        if (methods->iVersion < 3 || methods->xFetch == null || methods->xUnfetch == null) return;
        var value = limit;
        if (methods->xFileControl(wal, FcntlMmapSize, &value) != Ok || limit == 0) return;
        // The unix VFS maps the file at its first fetch; a fetch at offset 0 maps it (the pointer it returns is given
        // back at once).
        void* mapped = null;
        if (methods->xFetch(wal, 0, 0, &mapped) != Ok || mapped == null) return;
        methods->xUnfetch(wal, 0, mapped);
        Interlocked.Increment(ref s_walMaps);
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
    private static int Sync(SqliteFileNative* f, int flags)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xSync(i, flags);
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
    private static int Lock(SqliteFileNative* f, int level)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xLock(i, level);
    }

    [UnmanagedCallersOnly]
    private static int Unlock(SqliteFileNative* f, int level)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xUnlock(i, level);
    }

    [UnmanagedCallersOnly]
    private static int CheckReservedLock(SqliteFileNative* f, int* result)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        return i->pMethods->xCheckReservedLock(i, result);
    }

    [UnmanagedCallersOnly]
    private static int ShmMap(SqliteFileNative* f, int region, int size, int extend, void** mapped)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var c = (CoalescingFile*)f;
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmMap == null) return IoErr;
        c->Flags |= CoalescingFile.SharedIndex;
        return i->pMethods->xShmMap(i, region, size, extend, mapped);
    }

    [UnmanagedCallersOnly]
    private static int ShmLock(SqliteFileNative* f, int offset, int n, int flags)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmLock == null) return IoErr;
        return i->pMethods->xShmLock(i, offset, n, flags);
    }

    [UnmanagedCallersOnly]
    private static void ShmBarrier(SqliteFileNative* f)
    {
        // A barrier cannot report an error: a failed write stays unreported here and is reported by the next call
        // (the buffer is emptied only by a write that succeeded or reported its error).
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion >= 2 && i->pMethods->xShmBarrier != null) i->pMethods->xShmBarrier(i);
        else Interlocked.MemoryBarrier();
    }

    [UnmanagedCallersOnly]
    private static int ShmUnmap(SqliteFileNative* f, int deleteFlag)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmUnmap == null) return Ok;
        return i->pMethods->xShmUnmap(i, deleteFlag);
    }

    [UnmanagedCallersOnly]
    private static int Fetch(SqliteFileNative* f, long offset, int amount, void** pointer)
    {
        var rc = Flush(f);
        if (rc != Ok)
        {
            *pointer = null;
            return rc;
        }
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion < 3 || i->pMethods->xFetch == null)
        {
            *pointer = null;
            return Ok;
        }
        return i->pMethods->xFetch(i, offset, amount, pointer);
    }

    [UnmanagedCallersOnly]
    private static int Unfetch(SqliteFileNative* f, long offset, void* pointer)
    {
        var rc = Flush(f);
        if (rc != Ok) return rc;
        var i = CoalescingFile.Inner(f);
        if (i->pMethods->iVersion < 3 || i->pMethods->xUnfetch == null) return Ok;
        return i->pMethods->xUnfetch(i, offset, pointer);
    }

    [UnmanagedCallersOnly]
    private static int Close(SqliteFileNative* f)
    {
        var c = (CoalescingFile*)f;
        var flushed = Flush(f);
        var i = CoalescingFile.Inner(f);
        var closed = i->pMethods->xClose(i);
        FileBuffer.Free(c);
        c->Partner = null;
        if (t_checkpointing == c) t_checkpointing = null;
        return flushed != Ok ? flushed : closed;
    }
}
