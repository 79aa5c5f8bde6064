using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>The <c>sqlite3_file</c> the shim hands SQLite for a WAL: its own methods pointer, the write buffer, then the
/// wrapped VFS's file (<see cref="Inner"/>) in the same allocation (the shim's <c>szOsFile</c> is this header plus the
/// wrapped <c>szOsFile</c>). SQLite serializes calls on one file, so the fields need no locking.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct CoalescingFile
{
    /// <summary>The shim's methods (must be first: SQLite reads it as <c>sqlite3_file.pMethods</c>).</summary>
    public SqliteIoMethodsNative* pMethods;

    /// <summary>Native buffer of contiguous WAL writes not yet passed on (null until the first one).</summary>
    public byte* Buffer;

    /// <summary>File offset of <see cref="Buffer"/>'s first byte.</summary>
    public long BufferOffset;

    /// <summary>Bytes held in <see cref="Buffer"/>.</summary>
    public int BufferLength;

    /// <summary>Bytes allocated for <see cref="Buffer"/>.</summary>
    public int BufferCapacity;

    /// <summary><see cref="DeferSync"/> and <see cref="SyncNext"/>. Only SQLite's calls on this file (serialized) and
    /// the store, before the writer starts and after it stopped, touch them.</summary>
    public int Flags;

    private int _reserved;

    /// <summary>The store's writer syncs this WAL on a thread of its own (<see cref="WalBufferIoMethods"/>'s Sync writes
    /// the buffered frames of a commit but does not fsync them).</summary>
    public const int DeferSync = 1;

    /// <summary>The next sync is a real one even when deferred: the file's first sync (the unix VFS syncs the
    /// directory of a new WAL then) and the first after a write at offset 0 (a new WAL header).</summary>
    public const int SyncNext = 2;

    /// <summary>Size of the header before the wrapped file (a multiple of 8, so the wrapped file stays aligned).</summary>
    public static int HeaderSize => sizeof(CoalescingFile);

    /// <summary>The wrapped VFS's file, right after the header.</summary>
    public static SqliteFileNative* Inner(SqliteFileNative* file) => (SqliteFileNative*)((byte*)file + sizeof(CoalescingFile));
}
