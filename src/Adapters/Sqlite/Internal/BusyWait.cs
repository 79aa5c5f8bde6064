using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using OneStop.Adapters.Sqlite.Vfs;
using SQLitePCL;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>A busy handler that waits for a lock in short steps. SQLite's own (<c>busy_timeout</c>) sleeps 1, 2, 5, 10,
/// 15, 20, 25 … ms between tries, so a lock let go after 20 ms is taken at 33 ms, one let go after 9 ms at 18 ms: the
/// writer's BEGIN behind the checkpointer's RESTART overshot so, and so did the RESTART (which holds the write lock
/// meanwhile) behind a reader. This one yields once, then sleeps a sixteenth of the time it has waited so far (at least 50 µs, at most
/// 1 ms), and gives up after the same total as <c>busy_timeout</c> would. It is the connection's only handler: SQLite
/// keeps one, and <c>PRAGMA busy_timeout</c> or <c>sqlite3_busy_timeout</c> replace it.</summary>
internal static unsafe class BusyWait
{
    private const int MinSleepMicroseconds = 50, MaxSleepMicroseconds = 1000;

    // The process's default VFS: its xSleep takes microseconds (nanosleep or usleep on Unix, whole milliseconds on Windows).
    // Found at the first install, on an open connection: looking it up earlier would initialise SQLite before
    // SqliteProcessConfig could configure it.
    private static SqliteVfsNative* s_vfs;

    // How long, in microseconds, this thread has waited in the current statement step. SQLite calls the handler on the
    // thread that steps, with count 0 at the first wait of each step; one step's waits never interleave on a thread.
    [ThreadStatic]
    private static long t_waited;

    private static long s_calls;

    /// <summary>Times a busy handler installed here was called (for tests and diagnostics).</summary>
    public static long Calls => Interlocked.Read(ref s_calls);

    /// <summary>Makes <paramref name="db"/> wait up to <paramref name="timeoutMs"/> for a lock (zero or less: not at all).</summary>
    public static void Install(sqlite3 db, int timeoutMs)
    {
        if (timeoutMs <= 0)
        {
            Off(db);
            return;
        }
        if (s_vfs == null) s_vfs = SqliteVfsInterop.sqlite3_vfs_find(null);
        Check(db, SqliteNative.sqlite3_busy_handler(db.DangerousGetHandle(), &OnBusy, timeoutMs));
    }

    /// <summary>Makes <paramref name="db"/> fail at once with SQLITE_BUSY when a lock is held.</summary>
    public static void Off(sqlite3 db) => Check(db, SqliteNative.sqlite3_busy_handler(db.DangerousGetHandle(), null, 0));

    /// <summary>How long to sleep next, in microseconds, after waiting <paramref name="waited"/> µs of at most
    /// <paramref name="timeout"/> µs; zero to give up.</summary>
    internal static int NextSleep(long waited, long timeout)
    {
        if (waited >= timeout) return 0;
        var step = Math.Clamp(waited / 16, MinSleepMicroseconds, MaxSleepMicroseconds);
        return (int)Math.Min(step, timeout - waited);
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static int OnBusy(nint timeoutMs, int count)
    {
        Interlocked.Increment(ref s_calls);
        if (count == 0) t_waited = 0;
        var sleep = NextSleep(t_waited, timeoutMs * 1000L);
        if (sleep == 0) return 0;
        var start = Stopwatch.GetTimestamp();
        // The first try yields only: the holder may be about to let go (a reader's statement, a group's COMMIT).
        if (count == 0) Thread.Yield();
        else s_vfs->xSleep(s_vfs, sleep);
        t_waited += Stopwatch.GetElapsedTime(start).Ticks / TimeSpan.TicksPerMicrosecond;
        return 1;
    }

    private static void Check(sqlite3 db, int rc)
    {
        if (rc != 0) Microsoft.Data.Sqlite.SqliteException.ThrowExceptionForRC(rc, db);
    }
}
