using System.Runtime.InteropServices;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>The <c>sqlite3_file</c> the shim hands SQLite for a WAL or a main database file: its own methods pointer, the
/// write buffer, then the wrapped VFS's file (<see cref="Inner"/>) in the same allocation (the shim's <c>szOsFile</c> is
/// this header plus the wrapped <c>szOsFile</c>). SQLite serializes calls on one file, and a connection uses its database
/// file and its WAL from one thread at a time, so the fields need no locking.</summary>
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

    /// <summary><see cref="DeferSync"/>, <see cref="SyncNext"/>, <see cref="Checkpointing"/>, <see cref="SharedIndex"/>.
    /// Only SQLite's calls on this file (serialized) and the store, before the writer starts and after it stopped, touch
    /// them.</summary>
    public int Flags;

    private int _reserved;

    /// <summary>A database file's WAL while a checkpoint has it mapped (see <see cref="DatabaseIoMethods"/>); null
    /// otherwise.</summary>
    public SqliteFileNative* Partner;

    /// <summary>During a checkpoint of a database file: writes at or past this offset are passed on at once (see
    /// <see cref="DatabaseIoMethods"/>).</summary>
    public long WriteThroughFrom;

    /// <summary>The store's writer syncs this WAL on a thread of its own (<see cref="WalBufferIoMethods"/>'s Sync writes
    /// the buffered frames of a commit but does not fsync them).</summary>
    public const int DeferSync = 1;

    /// <summary>The next sync is a real one even when deferred: the file's first sync (the unix VFS syncs the
    /// directory of a new WAL then) and the first after a write at offset 0 (a new WAL header).</summary>
    public const int SyncNext = 2;

    /// <summary>A database file between SQLite's <c>SQLITE_FCNTL_CKPT_START</c> and <c>SQLITE_FCNTL_CKPT_DONE</c>: the
    /// checkpoint's page writes may be buffered (<see cref="DatabaseIoMethods"/>).</summary>
    public const int Checkpointing = 4;

    /// <summary>SQLite mapped the WAL index through this database file (it never does for a connection whose WAL index
    /// lives in its own heap memory, which the shim then never reads).</summary>
    public const int SharedIndex = 8;

    /// <summary>Size of the header before the wrapped file (a multiple of 8, so the wrapped file stays aligned).</summary>
    public static int HeaderSize => sizeof(CoalescingFile);

    /// <summary>The wrapped VFS's file, right after the header.</summary>
    public static SqliteFileNative* Inner(SqliteFileNative* file) => (SqliteFileNative*)((byte*)file + sizeof(CoalescingFile));
}
