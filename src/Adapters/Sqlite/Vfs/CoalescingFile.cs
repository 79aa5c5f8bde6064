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

    private long _reserved;

    /// <summary>Size of the header before the wrapped file (a multiple of 8, so the wrapped file stays aligned).</summary>
    public static int HeaderSize => sizeof(CoalescingFile);

    /// <summary>The wrapped VFS's file, right after the header.</summary>
    public static SqliteFileNative* Inner(SqliteFileNative* file) => (SqliteFileNative*)((byte*)file + sizeof(CoalescingFile));
}
