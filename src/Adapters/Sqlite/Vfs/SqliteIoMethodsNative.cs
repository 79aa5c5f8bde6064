using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>SQLite's <c>struct sqlite3_io_methods</c> (iVersion 3), field for field in sqlite3.h's order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteIoMethodsNative
{
    public int iVersion;
    public delegate* unmanaged<SqliteFileNative*, int> xClose;
    public delegate* unmanaged<SqliteFileNative*, void*, int, long, int> xRead;
    public delegate* unmanaged<SqliteFileNative*, void*, int, long, int> xWrite;
    public delegate* unmanaged<SqliteFileNative*, long, int> xTruncate;
    public delegate* unmanaged<SqliteFileNative*, int, int> xSync;
    public delegate* unmanaged<SqliteFileNative*, long*, int> xFileSize;
    public delegate* unmanaged<SqliteFileNative*, int, int> xLock;
    public delegate* unmanaged<SqliteFileNative*, int, int> xUnlock;
    public delegate* unmanaged<SqliteFileNative*, int*, int> xCheckReservedLock;
    public delegate* unmanaged<SqliteFileNative*, int, void*, int> xFileControl;
    public delegate* unmanaged<SqliteFileNative*, int> xSectorSize;
    public delegate* unmanaged<SqliteFileNative*, int> xDeviceCharacteristics;
    // Version 2.
    public delegate* unmanaged<SqliteFileNative*, int, int, int, void**, int> xShmMap;
    public delegate* unmanaged<SqliteFileNative*, int, int, int, int> xShmLock;
    public delegate* unmanaged<SqliteFileNative*, void> xShmBarrier;
    public delegate* unmanaged<SqliteFileNative*, int, int> xShmUnmap;
    // Version 3.
    public delegate* unmanaged<SqliteFileNative*, long, int, void**, int> xFetch;
    public delegate* unmanaged<SqliteFileNative*, long, void*, int> xUnfetch;
}
