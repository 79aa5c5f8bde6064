using System.Runtime.InteropServices;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>SQLite's statement functions called on the raw handles (see <see cref="RawStatement"/>), from the same library
/// SQLitePCLRaw loaded. SQLitePCLRaw's own entry points take SafeHandles, and each call then adds and releases a
/// reference on the handle (two interlocked operations) around a marshalling stub: measured at ~5 % of the writer
/// thread's CPU in the simulator, where a command binds and steps some 60–80 times. The trivial getters and setters skip
/// the GC transition too (they neither block nor call back).</summary>
internal static unsafe partial class SqliteNative
{
    /// <summary>SQLITE_TRANSIENT: SQLite copies the bound bytes before the call returns.</summary>
    public static readonly nint Transient = -1;

    /// <summary>SQLITE_STATIC: SQLite keeps the pointer and reads the bytes when the statement steps (see
    /// <see cref="RawStatement.BlobPinned"/>).</summary>
    public const nint Static = 0;

    /// <summary>The connection's own mutex; null for one opened with SQLITE_OPEN_NOMUTEX (see <see cref="WriterConnection"/>).</summary>
    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial nint sqlite3_db_mutex(nint db);

    /// <summary>The statement prepared on <paramref name="db"/> after <paramref name="stmt"/> (0: the first), or 0.</summary>
    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial nint sqlite3_next_stmt(nint db, nint stmt);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_int64(nint stmt, int index, long value);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_bind_null(nint stmt, int index);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_bind_text(nint stmt, int index, byte* text, int bytes, nint destructor);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_bind_blob(nint stmt, int index, byte* blob, int bytes, nint destructor);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_bind_zeroblob(nint stmt, int index, int bytes);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_step(nint stmt);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_reset(nint stmt);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_changes(nint db);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial long sqlite3_column_int64(nint stmt, int column);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_type(nint stmt, int column);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial byte* sqlite3_column_text(nint stmt, int column);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial byte* sqlite3_column_blob(nint stmt, int column);

    [LibraryImport(SqliteVfsInterop.Library)]
    [SuppressGCTransition]
    public static partial int sqlite3_column_bytes(nint stmt, int column);

    /// <summary>Sets the connection's busy handler (null: none), replacing any other, <c>busy_timeout</c>'s too
    /// (see <see cref="BusyWait"/>).</summary>
    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_busy_handler(nint db, delegate* unmanaged[Cdecl]<nint, int, int> handler, nint arg);
}
