using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>The few C functions the VFS shim calls directly. "e_sqlite3" resolves to the library SQLitePCLRaw loaded
/// for Microsoft.Data.Sqlite (the same file from the app's native assets, so the same process-wide VFS list): a VFS
/// registered here is found by the provider's connections (<c>CoalescingVfsTests</c> open one through it).</summary>
internal static unsafe partial class SqliteVfsInterop
{
    public const string Library = "e_sqlite3";

    public const int Ok = 0;
    public const int IoErr = 10;
    public const int OpenWal = 0x00080000;
    public const int OpenMainDb = 0x00000100;

    [LibraryImport(Library)]
    public static partial SqliteVfsNative* sqlite3_vfs_find(byte* zVfsName);

    [LibraryImport(Library)]
    public static partial int sqlite3_vfs_register(SqliteVfsNative* vfs, int makeDefault);

    [LibraryImport(Library)]
    public static partial byte* sqlite3_libversion();

    /// <summary><c>SQLITE_FCNTL_JOURNAL_POINTER</c>: the connection's journal or WAL file.</summary>
    public const int FcntlJournalPointer = 28;

    [LibraryImport(Library)]
    public static partial int sqlite3_file_control(nint db, byte* zDbName, int op, void* arg);
}
