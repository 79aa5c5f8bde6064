using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>SQLite's process-wide settings, applied once before the library initialises (SQLite refuses them after, and
/// then keeps its compiled defaults). e_sqlite3 is built with memory statistics on, so every allocation and free of every
/// connection enters one global mutex that all of the process's connections share (perf, 10k simulator: <c>pthread_mutex_lock</c>/<c>unlock</c>
/// fell from 2.1 % to 1.0 % of the process's samples without it, on the writer thread and the readers alike).
/// The statistics serve only <c>sqlite3_memory_used</c>/<c>highwater</c> and the soft and hard heap limits, which
/// OneStop never sets; SQLite's own list of recommended options turns them off. Connections stay serialized (their own
/// mutex): multi-thread mode would save about half as much again, but it is process-wide too, and a statement a host leaks
/// would then be finalized by the GC's finalizer thread while its connection runs on another.
/// <para>The page cache is SQLite's own with its rekey wrapped (<see cref="PageCacheRekey"/>) and its pages held in one
/// fixed region of huge pages (<see cref="PageCacheMemory"/>); both serve the writer's 32 MB cache.</para></summary>
internal static class SqliteProcessConfig
{
    private static readonly Lazy<bool> s_applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether this process runs SQLite with the settings above (false: something else initialised SQLite
    /// first; everything works as before, only slower).</summary>
    public static bool Applied => s_applied.Value;

    // The writer's cache at the store's default 1 KB pages, and room for the readers' (8 × 256 pages on two cores) and
    // the checkpointer's; pages past that come from the heap as before.
    private const int StorePageSize = 1024; // SqliteStoreOptions.PageSize's default
    private const int RegionSlots = WriterSession.WriterCacheKib + 4096;

    private static bool Apply()
    {
        Batteries_V2.Init();
        // The page cache's rekey wrapper and its fixed region go together: both exist for the writer's larger cache.
        if (PageCacheRekey.Install()) PageCacheMemory.Install(StorePageSize, RegionSlots);
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
