using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>SQLite's <c>struct sqlite3_file</c>: the methods pointer every VFS file starts with.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct SqliteFileNative
{
    public SqliteIoMethodsNative* pMethods;
}
