using System.Runtime.InteropServices;
using System.Text;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>A SQLite VFS, registered once per process under <see cref="Name"/> (never as the default), that wraps the
/// default (unix) VFS: every file opened through it is the wrapped VFS's own file, except a WAL, which the shim's file
/// wraps to coalesce its writes into one write per sync (<see cref="WalBufferIoMethods"/>), and a main database file,
/// whose checkpoint writes the shim coalesces into one write per run of adjacent pages (<see cref="DatabaseIoMethods"/>).
/// Connections choose it with the URI filename from <see cref="DataSource"/>.</summary>
internal static unsafe class CoalescingVfs
{
    /// <summary>The VFS's registered name.</summary>
    public const string Name = "onestop-walcoalesce";

    private static readonly object s_gate = new();
    private static readonly Lazy<bool> s_available = new(() =>
    {
        SQLitePCL.Batteries_V2.Init();
        return string.Equals(SQLitePCL.raw.GetNativeLibraryName(), SqliteVfsInterop.Library, StringComparison.Ordinal);
    });

    /// <summary>Whether Microsoft.Data.Sqlite runs on the library the shim's functions bind (<c>e_sqlite3</c>). A host that
    /// chose another SQLitePCLRaw provider has another VFS list, where this VFS would never be found.</summary>
    public static bool Available => s_available.Value;
    private static SqliteVfsNative* s_vfs;
    private static SqliteVfsNative* s_inner;

    /// <summary>Registers the VFS (once; later calls do nothing) and returns its name.</summary>
    /// <exception cref="InvalidOperationException">SQLite has no default VFS or refused the registration.</exception>
    public static string EnsureRegistered()
    {
        lock (s_gate)
        {
            if (s_vfs != null) return Name;
            // The provider loads and initializes e_sqlite3; this makes sure it has before the first call below.
            SQLitePCL.Batteries_V2.Init();
            var nameBytes = Encoding.UTF8.GetBytes(Name + "\0");
            var name = (byte*)NativeMemory.Alloc((nuint)nameBytes.Length);
            nameBytes.CopyTo(new Span<byte>(name, nameBytes.Length));
            var existing = sqlite3_vfs_find(name);
            if (existing != null)
            {
                // Another copy of this assembly in the process registered it already: its methods are the same.
                s_vfs = existing;
                NativeMemory.Free(name);
                return Name;
            }
            var inner = sqlite3_vfs_find(null);
            if (inner == null) throw new InvalidOperationException("SQLite has no default VFS to wrap.");
            var vfs = (SqliteVfsNative*)NativeMemory.AllocZeroed((nuint)sizeof(SqliteVfsNative));
            vfs->iVersion = Math.Min(inner->iVersion, 3);
            vfs->szOsFile = CoalescingFile.HeaderSize + inner->szOsFile;
            vfs->mxPathname = inner->mxPathname;
            vfs->zName = name;
            vfs->xOpen = &Open;
            vfs->xDelete = &Delete;
            vfs->xAccess = &Access;
            vfs->xFullPathname = &FullPathname;
            vfs->xDlOpen = &DlOpen;
            vfs->xDlError = &DlError;
            vfs->xDlSym = &DlSym;
            vfs->xDlClose = &DlClose;
            vfs->xRandomness = &Randomness;
            vfs->xSleep = &Sleep;
            vfs->xCurrentTime = &CurrentTime;
            vfs->xGetLastError = &GetLastError;
            if (vfs->iVersion >= 2) vfs->xCurrentTimeInt64 = &CurrentTimeInt64;
            if (vfs->iVersion >= 3)
            {
                vfs->xSetSystemCall = &SetSystemCall;
                vfs->xGetSystemCall = &GetSystemCall;
                vfs->xNextSystemCall = &NextSystemCall;
            }
            s_inner = inner;
            var rc = sqlite3_vfs_register(vfs, 0);
            if (rc != Ok) throw new InvalidOperationException($"SQLite refused to register the VFS '{Name}' (error {rc}).");
            s_vfs = vfs;
            return Name;
        }
    }

    /// <summary>A Data Source (URI filename) that opens <paramref name="path"/> (absolute) through this VFS; registers it
    /// first.</summary>
    public static string DataSource(string path)
    {
        EnsureRegistered();
        // In a URI filename '%' starts an escape, '?' the query and '#' the fragment; everything else is taken as is.
        var escaped = path.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal)
            .Replace("#", "%23", StringComparison.Ordinal);
        // An empty authority ("file://" + "/abs/path") keeps a path that starts with "//" from being read as a host.
        return (path.StartsWith('/') ? "file://" : "file:") + escaped + "?vfs=" + Name;
    }

    [UnmanagedCallersOnly]
    private static int Open(SqliteVfsNative* vfs, byte* name, SqliteFileNative* file, int flags, int* outFlags)
    {
        // Any other file (journals, temp files) is the wrapped VFS's own file at the start of the allocation, with its
        // own methods: SQLite calls the wrapped VFS directly and the shim adds nothing to those calls.
        var wal = (flags & OpenWal) != 0;
        if (!wal && (flags & OpenMainDb) == 0) return s_inner->xOpen(s_inner, name, file, flags, outFlags);

        var c = (CoalescingFile*)file;
        *c = default;
        var inner = CoalescingFile.Inner(file);
        var rc = s_inner->xOpen(s_inner, name, inner, flags, outFlags);
        // SQLite calls xClose whenever pMethods is set, even after a failed open; the wrapped VFS follows the same rule.
        if (inner->pMethods == null) return rc;
        c->pMethods = wal ? WalBufferIoMethods.Table : DatabaseIoMethods.Table;
        return rc;
    }

    [UnmanagedCallersOnly]
    private static int Delete(SqliteVfsNative* vfs, byte* name, int syncDir) => s_inner->xDelete(s_inner, name, syncDir);

    [UnmanagedCallersOnly]
    private static int Access(SqliteVfsNative* vfs, byte* name, int flags, int* result) => s_inner->xAccess(s_inner, name, flags, result);

    [UnmanagedCallersOnly]
    private static int FullPathname(SqliteVfsNative* vfs, byte* name, int size, byte* output) =>
        s_inner->xFullPathname(s_inner, name, size, output);

    [UnmanagedCallersOnly]
    private static void* DlOpen(SqliteVfsNative* vfs, byte* name) => s_inner->xDlOpen(s_inner, name);

    [UnmanagedCallersOnly]
    private static void DlError(SqliteVfsNative* vfs, int size, byte* message) => s_inner->xDlError(s_inner, size, message);

    [UnmanagedCallersOnly]
    private static void* DlSym(SqliteVfsNative* vfs, void* handle, byte* symbol) => s_inner->xDlSym(s_inner, handle, symbol);

    [UnmanagedCallersOnly]
    private static void DlClose(SqliteVfsNative* vfs, void* handle) => s_inner->xDlClose(s_inner, handle);

    [UnmanagedCallersOnly]
    private static int Randomness(SqliteVfsNative* vfs, int size, byte* output) => s_inner->xRandomness(s_inner, size, output);

    [UnmanagedCallersOnly]
    private static int Sleep(SqliteVfsNative* vfs, int microseconds) => s_inner->xSleep(s_inner, microseconds);

    [UnmanagedCallersOnly]
    private static int CurrentTime(SqliteVfsNative* vfs, double* now) => s_inner->xCurrentTime(s_inner, now);

    [UnmanagedCallersOnly]
    private static int GetLastError(SqliteVfsNative* vfs, int size, byte* message) => s_inner->xGetLastError(s_inner, size, message);

    [UnmanagedCallersOnly]
    private static int CurrentTimeInt64(SqliteVfsNative* vfs, long* now) => s_inner->xCurrentTimeInt64(s_inner, now);

    [UnmanagedCallersOnly]
    private static int SetSystemCall(SqliteVfsNative* vfs, byte* name, void* call) => s_inner->xSetSystemCall(s_inner, name, call);

    [UnmanagedCallersOnly]
    private static void* GetSystemCall(SqliteVfsNative* vfs, byte* name) => s_inner->xGetSystemCall(s_inner, name);

    [UnmanagedCallersOnly]
    private static byte* NextSystemCall(SqliteVfsNative* vfs, byte* name) => s_inner->xNextSystemCall(s_inner, name);
}
