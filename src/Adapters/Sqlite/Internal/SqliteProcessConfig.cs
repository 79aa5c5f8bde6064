using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>SQLite's process-wide settings, applied once before the library initialises (SQLite refuses them after, and
/// then keeps its compiled defaults). e_sqlite3 is built with memory statistics on, so every allocation and free of every
/// connection enters one global mutex that all of the process's connections share (perf, 10k simulator: <c>pthread_mutex_lock</c>/<c>unlock</c>
/// fell from 2.1 % to 1.0 % of the process's samples without it, on the writer thread and the readers alike).
/// The statistics serve only <c>sqlite3_memory_used</c>/<c>highwater</c> and the soft and hard heap limits, which
/// OneStop never sets; SQLite's own list of recommended options turns them off. Connections stay serialized (their own
/// mutex): multi-thread mode would save about half as much again, but it is process-wide too, and a statement a host leaks
/// would then be finalized by the GC's finalizer thread while its connection runs on another.</summary>
internal static class SqliteProcessConfig
{
    private static readonly Lazy<bool> s_applied = new(Apply, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether this process runs SQLite with the settings above (false: something else initialised SQLite
    /// first; everything works as before, only slower).</summary>
    public static bool Applied => s_applied.Value;

    private static bool Apply()
    {
        Batteries_V2.Init();
        return raw.sqlite3_config(raw.SQLITE_CONFIG_MEMSTATUS, 0) == raw.SQLITE_OK;
    }
}
