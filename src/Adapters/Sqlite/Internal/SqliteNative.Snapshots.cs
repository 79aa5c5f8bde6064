using System.Runtime.InteropServices;
using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Internal;

// SQLite's snapshot functions (e_sqlite3 is built with SQLITE_ENABLE_SNAPSHOT), for reads on several connections that
// must all see one picture of a WAL file (see SharedSnapshot).
internal static unsafe partial class SqliteNative
{
    /// <summary>The picture the connection's open read transaction sees (schema <paramref name="schema"/>).</summary>
    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_snapshot_get(nint db, byte* schema, nint* snapshot);

    /// <summary>Starts the connection's read transaction (begun, nothing read yet) on <paramref name="snapshot"/>.</summary>
    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial int sqlite3_snapshot_open(nint db, byte* schema, nint snapshot);

    [LibraryImport(SqliteVfsInterop.Library)]
    public static partial void sqlite3_snapshot_free(nint snapshot);
}
