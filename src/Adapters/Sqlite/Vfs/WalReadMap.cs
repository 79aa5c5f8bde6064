using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>Serves the store writer's WAL reads from a read-only shared map of the file instead of one <c>pread</c> each.
/// The writer reads back the frames of pages its 2 MB cache let go (about three per command in the simulator, half of
/// its reads; the kernel's part of each, entry, page-cache look-up and copy, was ≈ 5 % of the writer thread's samples).
/// Through the map a read is a copy of 1 KB; the file pages the map touches stay mapped while the WAL is overwritten in
/// place, so after the first pass over the file a read faults nothing.
/// <para>One map of <see cref="Reserve"/> bytes of address space is made once, past the end of the file as it grows (a
/// read past <see cref="Reserve"/> uses <c>pread</c>). A page of the map that lies wholly past the file's end may not be
/// touched (the kernel raises SIGBUS), so a read is served only inside the size this handle last saw
/// (<see cref="CoalescingFile.MapKnown"/>): a read past it asks the file's size first, and a truncation through this
/// handle (the writer's own <c>journal_size_limit</c>) lowers it. SQLite reads only frames it knows to be in the WAL (those
/// of its snapshot, or up to the size it asked for during recovery), and no other connection of the store shrinks the WAL
/// while the writer runs: the checkpointer's RESTART overwrites it, its TRUNCATE comes at close, after the writer's
/// last read. Frames are written with <c>pwrite</c> on the same file, so the shared map sees them at once; the shim's
/// buffered frames are written before any read.</para></summary>
internal static unsafe partial class WalReadMap
{
    /// <summary>Address space reserved for one WAL's map (the WAL is 4–64 MB in use; a longer one is read past this with
    /// <c>pread</c>).</summary>
    internal const long Reserve = 1L << 30;

    private const int ProtRead = 1, MapShared = 1;
    private static long s_reads;

    /// <summary>WAL reads served from a map (all files of the process; for tests and diagnostics).</summary>
    public static long Reads => Interlocked.Read(ref s_reads);

    /// <summary>Maps the WAL of <paramref name="connection"/> (the store's writer, opened through the shim) at
    /// <paramref name="walPath"/>. False, with reads left to <c>pread</c>, off Linux, when the WAL is not the shim's, or when
    /// the file cannot be opened or mapped. Call only while no other thread uses the connection.</summary>
    public static bool Enable(SqliteConnection connection, string walPath)
    {
        SqliteFileNative* file = null;
        var main = "main\0"u8;
        fixed (byte* name = main)
        {
            if (sqlite3_file_control(connection.Handle!.DangerousGetHandle(), name, FcntlJournalPointer, &file) != Ok) return false;
        }
        // The writer's connection holds the WAL open (and a shared lock on the database), so the file at the path is its
        // file: SQLite deletes a WAL only when its last connection closes.
        return Map(file, walPath);
    }

    /// <summary>Maps <paramref name="file"/>, a WAL opened through the shim, from the file at <paramref name="walPath"/>
    /// (the same file); false when it is not the shim's or cannot be mapped.</summary>
    internal static bool Map(SqliteFileNative* file, string walPath)
    {
        if (!OperatingSystem.IsLinux() || file == null || file->pMethods != WalBufferIoMethods.Table) return false;
        var c = (CoalescingFile*)file;
        if (c->Map != null) return true;
        try
        {
            using var handle = File.OpenHandle(walPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var map = mmap(null, (nuint)Reserve, ProtRead, MapShared, (int)handle.DangerousGetHandle(), 0);
            if (map == (void*)-1) return false;
            c->Map = (byte*)map;
            c->MapKnown = 0;
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Copies <paramref name="amount"/> bytes at <paramref name="offset"/> from the map when they lie inside the
    /// file; false (the caller reads with <c>pread</c>) otherwise. The shim's buffer must be written first.</summary>
    public static bool TryRead(CoalescingFile* c, SqliteFileNative* inner, void* data, int amount, long offset)
    {
        if (c->Map == null || offset < 0) return false;
        var end = offset + amount;
        if (end > Reserve) return false;
        if (end > c->MapKnown)
        {
            long size;
            if (inner->pMethods->xFileSize(inner, &size) != Ok) return false;
            c->MapKnown = Math.Min(size, Reserve);
            if (end > c->MapKnown) return false;
        }
        Buffer.MemoryCopy(c->Map + offset, data, amount, amount);
        Interlocked.Increment(ref s_reads);
        return true;
    }

    /// <summary>The file is being cut to <paramref name="size"/> through this handle: nothing past it may be read from
    /// the map.</summary>
    public static void Truncated(CoalescingFile* c, long size)
    {
        if (size < c->MapKnown) c->MapKnown = Math.Max(0, size);
    }

    /// <summary>Drops the map (the file is closed).</summary>
    public static void Unmap(CoalescingFile* c)
    {
        if (c->Map != null) munmap(c->Map, (nuint)Reserve);
        c->Map = null;
        c->MapKnown = 0;
    }

    [LibraryImport("libc")]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc")]
    private static partial int munmap(void* address, nuint length);
}
