using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>Forwarders to the file a <see cref="CoalescingFile"/> wraps for the io-methods the WAL's buffer has nothing to
/// do with (locks, shared memory, memory maps, the device's properties); <see cref="WalBufferIoMethods"/> has the
/// others.</summary>
internal static unsafe class PassThroughIoMethods
{
    /// <summary>Sets iVersion 3 and fills the slots the buffer does not take with forwarders.</summary>
    public static void Fill(SqliteIoMethodsNative* t)
    {
        t->iVersion = 3;
        t->xLock = &Lock;
        t->xUnlock = &Unlock;
        t->xCheckReservedLock = &CheckReservedLock;
        t->xSectorSize = &SectorSize;
        t->xDeviceCharacteristics = &DeviceCharacteristics;
        t->xShmMap = &ShmMap;
        t->xShmLock = &ShmLock;
        t->xShmBarrier = &ShmBarrier;
        t->xShmUnmap = &ShmUnmap;
        t->xFetch = &Fetch;
        t->xUnfetch = &Unfetch;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static SqliteFileNative* In(SqliteFileNative* f) => CoalescingFile.Inner(f);

    [UnmanagedCallersOnly]
    public static int Lock(SqliteFileNative* f, int level) { var i = In(f); return i->pMethods->xLock(i, level); }

    [UnmanagedCallersOnly]
    public static int Unlock(SqliteFileNative* f, int level) { var i = In(f); return i->pMethods->xUnlock(i, level); }

    [UnmanagedCallersOnly]
    public static int CheckReservedLock(SqliteFileNative* f, int* result) { var i = In(f); return i->pMethods->xCheckReservedLock(i, result); }

    [UnmanagedCallersOnly]
    public static int SectorSize(SqliteFileNative* f) { var i = In(f); return i->pMethods->xSectorSize(i); }

    [UnmanagedCallersOnly]
    public static int DeviceCharacteristics(SqliteFileNative* f) { var i = In(f); return i->pMethods->xDeviceCharacteristics(i); }

    // The shared-memory and memory-map methods exist only from io-methods version 2 and 3; a wrapped file without them
    // gets SQLite's documented "not available" answers.
    [UnmanagedCallersOnly]
    public static int ShmMap(SqliteFileNative* f, int page, int pageSize, int extend, void** mapped)
    {
        var i = In(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmMap == null) return IoErr;
        return i->pMethods->xShmMap(i, page, pageSize, extend, mapped);
    }

    [UnmanagedCallersOnly]
    public static int ShmLock(SqliteFileNative* f, int offset, int n, int flags)
    {
        var i = In(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmLock == null) return IoErr;
        return i->pMethods->xShmLock(i, offset, n, flags);
    }

    [UnmanagedCallersOnly]
    public static void ShmBarrier(SqliteFileNative* f)
    {
        var i = In(f);
        if (i->pMethods->iVersion >= 2 && i->pMethods->xShmBarrier != null) i->pMethods->xShmBarrier(i);
        else Interlocked.MemoryBarrier();
    }

    [UnmanagedCallersOnly]
    public static int ShmUnmap(SqliteFileNative* f, int deleteFlag)
    {
        var i = In(f);
        if (i->pMethods->iVersion < 2 || i->pMethods->xShmUnmap == null) return Ok;
        return i->pMethods->xShmUnmap(i, deleteFlag);
    }

    [UnmanagedCallersOnly]
    public static int Fetch(SqliteFileNative* f, long offset, int amount, void** pointer)
    {
        var i = In(f);
        if (i->pMethods->iVersion < 3 || i->pMethods->xFetch == null)
        {
            *pointer = null;
            return Ok;
        }
        return i->pMethods->xFetch(i, offset, amount, pointer);
    }

    [UnmanagedCallersOnly]
    public static int Unfetch(SqliteFileNative* f, long offset, void* pointer)
    {
        var i = In(f);
        if (i->pMethods->iVersion < 3 || i->pMethods->xUnfetch == null) return Ok;
        return i->pMethods->xUnfetch(i, offset, pointer);
    }
}
