using System.Runtime.InteropServices;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>One fixed region of memory for SQLite's page caches (<c>SQLITE_CONFIG_PAGECACHE</c>), backed by
/// transparent huge pages where Linux offers them. SQLite's default cache allocates each 1 KB page (with its headers,
/// ≈ 1.3 KB) separately from the C heap, so a writer cache of tens of megabytes is spread over thousands of 4 KB memory
/// pages, and on this VM a look-up of a cached page that the CPU caches no longer hold also misses the TLB (inferred:
/// no hardware counters here; huge pages removed most of the cost) (perf, 100k simulator with a 32 MB writer cache: <c>pcache1Fetch</c> 9.7 % of the writer's samples against 5.9 %
/// with 2 MB, its time on the loads of the hash bucket and the page header; 6.8 % in this region). In one region of 2 MB pages the same
/// look-ups need a few dozen TLB entries. The region is allocated once, whole, when SQLite initialises (SQLite threads
/// its free list through every slot), so the process's memory does not grow with the file; a page that does not fit a
/// slot, or one asked for when every slot is taken, comes from the heap as before.</summary>
internal static unsafe partial class PageCacheMemory
{
    private const int ConfigPageCache = 7, ConfigPcacheHdrsz = 24;
    private const int ProtRead = 1, ProtWrite = 2, MapPrivate = 2, MapAnonymous = 0x20, MapNoReserve = 0x4000;
    private const int MadvHugePage = 14;
    private const nint HugePage = 2 * 1024 * 1024;

    /// <summary>The region's size in bytes (0: not installed).</summary>
    public static long Bytes { get; private set; }

    /// <summary>Slots of the region and the size of each.</summary>
    public static int Slots { get; private set; }

    public static int SlotSize { get; private set; }

    /// <summary>Gives SQLite <paramref name="slots"/> slots for pages of up to <paramref name="pageSize"/> bytes; false
    /// when not on Linux x64/arm64 or when SQLite refuses (already initialised).</summary>
    public static bool Install(int pageSize, int slots)
    {
        if (Bytes != 0) return true;
        if (!OperatingSystem.IsLinux()) return false;
        int header;
        if (sqlite3_config(ConfigPcacheHdrsz, &header) != SqliteVfsInterop.Ok || header <= 0) return false;
        // SQLite rounds a slot down to 8 bytes; a multiple of 64 keeps each page's bytes on their own cache lines.
        var slot = (pageSize + header + 63) & ~63;
        var bytes = (nint)slot * slots;
        bytes = (bytes + HugePage - 1) & ~(HugePage - 1);
        // Twice the size reserved so that the region can start on a 2 MB boundary; the rest is never touched.
        var reserved = mmap(0, (nuint)(bytes + HugePage), ProtRead | ProtWrite, MapPrivate | MapAnonymous | MapNoReserve, -1, 0);
        if (reserved == -1) return false;
        var start = (reserved + HugePage - 1) & ~(HugePage - 1);
        _ = madvise(start, (nuint)bytes, MadvHugePage);
        if (sqlite3_config(ConfigPageCache, (void*)start, slot, (int)(bytes / slot)) != SqliteVfsInterop.Ok)
        {
            _ = munmap(reserved, (nuint)(bytes + HugePage));
            return false;
        }
        Bytes = bytes;
        Slots = (int)(bytes / slot);
        SlotSize = slot;
        return true;
    }

    /// <summary>Slots SQLite holds pages in now, across every connection of the process.</summary>
    public static int SlotsInUse
    {
        get
        {
            int current, highwater;
            return sqlite3_status(StatusPageCacheUsed, &current, &highwater, 0) == SqliteVfsInterop.Ok ? current : -1;
        }
    }

    private const int StatusPageCacheUsed = 1;

    [LibraryImport(SqliteVfsInterop.Library)]
    private static partial int sqlite3_status(int op, int* current, int* highwater, int reset);

    // Variadic in C; called with fixed arguments, as PageCacheRekey does.
    [LibraryImport(SqliteVfsInterop.Library)]
    private static partial int sqlite3_config(int op, int* arg);

    [LibraryImport(SqliteVfsInterop.Library)]
    private static partial int sqlite3_config(int op, void* buffer, int slotSize, int slots);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int madvise(nint addr, nuint length, int advice);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int munmap(nint addr, nuint length);
}
