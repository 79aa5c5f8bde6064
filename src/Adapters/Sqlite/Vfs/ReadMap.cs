using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using static OneStop.Adapters.Sqlite.Vfs.SqliteVfsInterop;

namespace OneStop.Adapters.Sqlite.Vfs;

/// <summary>Serves the store writer's reads of its WAL and of its database file from read-only shared maps of the files
/// instead of one <c>pread</c> each. The writer reads back the pages its 2 MB cache let go: about six per command in a
/// 30k simulator run, three quarters of them database pages, where the kernel's part of each read (entry, page-cache
/// look-up, copy) was ≈ 10 % of the writer thread's samples. Through a map a read is a copy of 1 KB.
/// <para>One map per file, of <see cref="WalReserve"/> or <see cref="DatabaseReserve"/> bytes of address space, made
/// once, past the end of the file as it grows (a read past it uses <c>pread</c>). A page of a map that lies wholly past
/// the file's end may not be touched (the kernel raises SIGBUS), so a read is served only inside the size this handle
/// last saw (<see cref="CoalescingFile.MapKnown"/>): a read past it asks the file's size first, and a truncation through
/// this handle (the writer's own <c>journal_size_limit</c>, its catch-up checkpoint) lowers it. SQLite reads only what
/// its snapshot places in a file, and no other connection of the store shrinks either file while the writer runs: the
/// checkpointer's RESTART overwrites the WAL and its TRUNCATE comes at close, after the writer's last read; the database
/// only grows (the store never vacuums). Pages are written with <c>pwrite</c> to the same files, so a shared map sees
/// them at once; the shim's buffered writes are passed on before any read.</para></summary>
internal static unsafe partial class ReadMap
{
    /// <summary>Address space reserved for a WAL's map (the WAL is 4–64 MB in use; a longer one is read past this with
    /// <c>pread</c>).</summary>
    internal const long WalReserve = 1L << 30;

    /// <summary>Address space reserved for a database file's map.</summary>
    internal const long DatabaseReserve = 1L << 36;

    /// <summary>Reads from one map between two releases of its pages (<see cref="Release"/>): 16,384 pages of 4 KB hold
    /// 64 MB at most.</summary>
    internal const int ReadsPerRelease = 16_384;

    private const int ProtRead = 1, MapShared = 1, MadviseDontNeed = 4;
    private const int FcntlFilePointer = 7;
    private static long s_reads;

    /// <summary>Reads served from a map (all files of the process; for tests and diagnostics).</summary>
    public static long Reads => Interlocked.Read(ref s_reads);

    /// <summary>Maps the WAL and the database file of <paramref name="connection"/> (the store's writer, opened through the
    /// shim) at <paramref name="path"/>; a file that is not the shim's, cannot be opened or mapped, or any file off Linux,
    /// is left to <c>pread</c>. Call only while no other thread uses the connection.</summary>
    public static void Enable(SqliteConnection connection, string path)
    {
        // The writer's connection holds both files open (and a shared lock on the database), so the files at the paths
        // are its own: SQLite deletes a WAL only when its last connection closes.
        Map(FileOf(connection, FcntlJournalPointer), path + "-wal", WalReserve);
        Map(FileOf(connection, FcntlFilePointer), path, DatabaseReserve);
    }

    private static SqliteFileNative* FileOf(SqliteConnection connection, int op)
    {
        SqliteFileNative* file = null;
        var main = "main\0"u8;
        fixed (byte* name = main)
        {
            if (sqlite3_file_control(connection.Handle!.DangerousGetHandle(), name, op, &file) != Ok) return null;
        }
        return file;
    }

    /// <summary>Maps <paramref name="file"/>, a file opened through the shim, from the file at <paramref name="path"/>
    /// (the same file), <paramref name="reserve"/> bytes of it at most; false when it is not the shim's or cannot be
    /// mapped.</summary>
    internal static bool Map(SqliteFileNative* file, string path, long reserve)
    {
        if (!OperatingSystem.IsLinux() || file == null) return false;
        if (file->pMethods != WalBufferIoMethods.Table && file->pMethods != DatabaseIoMethods.Table) return false;
        var c = (CoalescingFile*)file;
        if (c->Map != null) return true;
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var map = mmap(null, (nuint)reserve, ProtRead, MapShared, (int)handle.DangerousGetHandle(), 0);
            if (map == (void*)-1) return false;
            c->Map = (byte*)map;
            c->MapLength = reserve;
            c->MapKnown = 0;
            c->MapReadsSinceRelease = 0;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
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
        if (end > c->MapLength) return false;
        if (end > c->MapKnown)
        {
            long size;
            if (inner->pMethods->xFileSize(inner, &size) != Ok) return false;
            c->MapKnown = Math.Min(size, c->MapLength);
            if (end > c->MapKnown) return false;
        }
        Buffer.MemoryCopy(c->Map + offset, data, amount, amount);
        Interlocked.Increment(ref s_reads);
        if (++c->MapReadsSinceRelease >= ReadsPerRelease) Release(c);
        return true;
    }

    /// <summary>Lets the map's pages go from the process (<c>MADV_DONTNEED</c>): they stay in the page cache, and the next
    /// read of one maps it again (a minor fault). Without it every page the writer ever read would stay in its resident
    /// set, which would grow with the file (≈ 2.2 GB more at 100,000 simulated cases): at most
    /// <see cref="ReadsPerRelease"/> pages are held between releases.</summary>
    internal static void Release(CoalescingFile* c)
    {
        c->MapReadsSinceRelease = 0;
        if (c->Map != null && c->MapKnown > 0) madvise(c->Map, (nuint)c->MapKnown, MadviseDontNeed);
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
        if (c->Map != null) munmap(c->Map, (nuint)c->MapLength);
        c->Map = null;
        c->MapLength = 0;
        c->MapKnown = 0;
        c->MapReadsSinceRelease = 0;
    }

    [LibraryImport("libc")]
    private static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport("libc")]
    private static partial int munmap(void* address, nuint length);

    [LibraryImport("libc")]
    private static partial int madvise(void* address, nuint length, int advice);
}
