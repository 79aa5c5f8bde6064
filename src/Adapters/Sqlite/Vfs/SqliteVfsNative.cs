using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>SQLite's <c>struct sqlite3_vfs</c> (iVersion 3), field for field in sqlite3.h's order.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteVfsNative
{
    public int iVersion;
    public int szOsFile;
    public int mxPathname;
    public SqliteVfsNative* pNext;
    public byte* zName;
    public void* pAppData;
    public delegate* unmanaged<SqliteVfsNative*, byte*, SqliteFileNative*, int, int*, int> xOpen;
    public delegate* unmanaged<SqliteVfsNative*, byte*, int, int> xDelete;
    public delegate* unmanaged<SqliteVfsNative*, byte*, int, int*, int> xAccess;
    public delegate* unmanaged<SqliteVfsNative*, byte*, int, byte*, int> xFullPathname;
    public delegate* unmanaged<SqliteVfsNative*, byte*, void*> xDlOpen;
    public delegate* unmanaged<SqliteVfsNative*, int, byte*, void> xDlError;
    public delegate* unmanaged<SqliteVfsNative*, void*, byte*, void*> xDlSym;
    public delegate* unmanaged<SqliteVfsNative*, void*, void> xDlClose;
    public delegate* unmanaged<SqliteVfsNative*, int, byte*, int> xRandomness;
    public delegate* unmanaged<SqliteVfsNative*, int, int> xSleep;
    public delegate* unmanaged<SqliteVfsNative*, double*, int> xCurrentTime;
    public delegate* unmanaged<SqliteVfsNative*, int, byte*, int> xGetLastError;
    // Version 2.
    public delegate* unmanaged<SqliteVfsNative*, long*, int> xCurrentTimeInt64;
    // Version 3.
    public delegate* unmanaged<SqliteVfsNative*, byte*, void*, int> xSetSystemCall;
    public delegate* unmanaged<SqliteVfsNative*, byte*, void*> xGetSystemCall;
    public delegate* unmanaged<SqliteVfsNative*, byte*, byte*> xNextSystemCall;
}
