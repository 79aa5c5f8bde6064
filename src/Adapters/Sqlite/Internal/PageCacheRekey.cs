using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>SQLite's own page cache, with one method wrapped so that a b-tree split no longer costs every later COMMIT a
/// walk over the whole cache. When <c>balance_nonroot</c> puts a split's new pages in ascending order it swaps their
/// numbers through a temporary one, the page after the pending-byte page (1,048,577 with 1 KB pages). The default cache
/// (pcache1) then takes that number as the largest it has held, and at the end of every transaction (pager_end_transaction
/// truncates the cache to the database's size) it finds the database smaller than that and scans every hash bucket for
/// pages to drop, though none is there: on the writer thread 2.9 % of its samples (perf, 30k simulator run; a uprobe
/// saw 611 of 1,742 truncations take the full scan, each with the largest key at 1,048,577), and a cost that grows with
/// the cache, so the writer's cache had to stay small.
/// <para>The wrapped <c>xRekey</c> parks the page under key 0 instead of the temporary number (no page has number 0, and
/// the page moves on to its final number in the next call, before anything else looks at the cache); every other method
/// is SQLite's. Installed once per process before SQLite initialises (<see cref="SqliteProcessConfig"/>).</para></summary>
internal static unsafe partial class PageCacheRekey
{
    private const int ConfigPcache2 = 18, ConfigGetPcache2 = 19;
    // PENDING_BYTE: the page after the one holding it is balance_nonroot's temporary number.
    private const uint PendingByte = 0x40000000;

    // sqlite3_pcache_methods2: iVersion, pArg, then xInit, xShutdown, xCreate, xCachesize, xPagecount, xFetch, xUnpin,
    // xRekey, xTruncate, xDestroy, xShrink.
    private const int Slots = 13, CreateSlot = 4, RekeySlot = 9, DestroySlot = 11;

    // SQLite keeps pointers into the table it is given: allocated once, never freed.
    private static nint* s_default;
    // The temporary page number of each live cache (by its handle), from its page size.
    private static readonly ConcurrentDictionary<nint, uint> s_temporary = new();

    /// <summary>Rekeys that parked a page under key 0 (for tests).</summary>
    public static long Parked => Interlocked.Read(ref s_parked);
    private static long s_parked;

    /// <summary>Whether the wrapper is installed in this process.</summary>
    public static bool Installed { get; private set; }

    /// <summary>Installs the wrapper; false when SQLite is already initialised (it refuses) or on a platform whose
    /// variadic calls differ from plain ones (sqlite3_config is variadic; only the x64 and Linux/Windows arm64
    /// conventions pass its pointer as a plain call does).</summary>
    public static bool Install()
    {
        if (Installed) return true;
        if (OperatingSystem.IsMacOS() || OperatingSystem.IsIOS()) return false;
        var table = (nint*)NativeMemory.AllocZeroed(Slots, (nuint)sizeof(nint));
        if (sqlite3_config(ConfigGetPcache2, table) != SqliteVfsInterop.Ok || table[CreateSlot] == 0 || table[RekeySlot] == 0)
        {
            NativeMemory.Free(table);
            return false;
        }
        var wrapped = (nint*)NativeMemory.Alloc(Slots, (nuint)sizeof(nint));
        for (var i = 0; i < Slots; i++) wrapped[i] = table[i];
        wrapped[CreateSlot] = (nint)(delegate* unmanaged<int, int, int, nint>)&Create;
        wrapped[RekeySlot] = (nint)(delegate* unmanaged<nint, nint, uint, uint, void>)&Rekey;
        wrapped[DestroySlot] = (nint)(delegate* unmanaged<nint, void>)&Destroy;
        s_default = table;
        if (sqlite3_config(ConfigPcache2, wrapped) != SqliteVfsInterop.Ok)
        {
            // Too late (SQLite initialised): its own cache stays, unwrapped.
            NativeMemory.Free(wrapped);
            return false;
        }
        Installed = true;
        return true;
    }

    [UnmanagedCallersOnly]
    private static nint Create(int pageSize, int extra, int purgeable)
    {
        var cache = ((delegate* unmanaged<int, int, int, nint>)s_default[CreateSlot])(pageSize, extra, purgeable);
        if (cache != 0 && pageSize > 0) s_temporary[cache] = PendingByte / (uint)pageSize + 1;
        return cache;
    }

    [UnmanagedCallersOnly]
    private static void Rekey(nint cache, nint page, uint oldKey, uint newKey)
    {
        // Exact for this cache's page size: at any other size that number may be a real page.
        if (s_temporary.TryGetValue(cache, out var temporary))
        {
            if (newKey == temporary)
            {
                newKey = 0;
                Interlocked.Increment(ref s_parked);
            }
            if (oldKey == temporary) oldKey = 0;
        }
        ((delegate* unmanaged<nint, nint, uint, uint, void>)s_default[RekeySlot])(cache, page, oldKey, newKey);
    }

    [UnmanagedCallersOnly]
    private static void Destroy(nint cache)
    {
        s_temporary.TryRemove(cache, out _);
        ((delegate* unmanaged<nint, void>)s_default[DestroySlot])(cache);
    }

    // Variadic in C; called with one pointer, which the platforms above pass as they pass a plain argument.
    [LibraryImport(SqliteVfsInterop.Library)]
    private static partial int sqlite3_config(int op, void* arg);
}
