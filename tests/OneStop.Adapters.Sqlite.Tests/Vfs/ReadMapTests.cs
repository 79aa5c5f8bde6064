using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>The writer's WAL and database file read through maps of the files: the same bytes as <c>pread</c>, and never a
/// page past the file's end (which would stop the process with SIGBUS).</summary>
[Collection(VfsTestCollection.Name)]
public sealed unsafe class ReadMapTests : IDisposable
{
    private const int ShortRead = 522; // SQLITE_IOERR_SHORT_READ
    private readonly TempFile _db = new();

    public ReadMapTests() => File.WriteAllBytes(_db.Path, []);

    public void Dispose() => _db.Dispose();

    private string WalPath => _db.Path + "-wal";

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static int RawRead(VfsFile file, byte[] into, long offset)
    {
        fixed (byte* d = into) return file.Methods->xRead(file.Native, d, into.Length, offset);
    }

    [Fact]
    public void Read_Mapped_SameBytesAsTheFile_BufferedFramesIncluded()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        var synced = Bytes(32 + 3 * 1048, 1);
        wal.Write(synced, 0);
        wal.Sync();
        Assert.True(ReadMap.Map(wal.Native, WalPath, ReadMap.WalReserve));
        // Frames still in the shim's buffer: the read writes them first, then copies them from the map.
        var buffered = Bytes(2 * 1048, 2);
        wal.Write(buffered, synced.Length);
        var reads = ReadMap.Reads;

        Assert.Equal(synced[56..1080], wal.Read(1024, 56));
        Assert.Equal(buffered[24..1048], wal.Read(1024, synced.Length + 24));
        Assert.Equal(buffered[1072..], wal.Read(1024, synced.Length + 1072));
        Assert.Equal(3, ReadMap.Reads - reads);
        Assert.Equal(synced.Concat(buffered).ToArray(), File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Read_AfterTheFileGrew_ServedFromTheMap()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        wal.Write(Bytes(4096, 3), 0);
        wal.Sync();
        Assert.True(ReadMap.Map(wal.Native, WalPath, ReadMap.WalReserve));
        Assert.Equal(1024, wal.Read(1024, 0).Length);

        // Far past the size the map saw first: the read asks the size again.
        var grown = Bytes(64 * 1024, 4);
        wal.Write(grown, 1 << 20);
        wal.Sync();
        var reads = ReadMap.Reads;

        Assert.Equal(grown[^1024..], wal.Read(1024, (1 << 20) + grown.Length - 1024));
        Assert.Equal(1, ReadMap.Reads - reads);
    }

    [Fact]
    public void Read_PastAnEndCutThroughTheHandle_NotFromTheMap()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        var data = Bytes(64 * 1024, 5);
        wal.Write(data, 0);
        wal.Sync();
        Assert.True(ReadMap.Map(wal.Native, WalPath, ReadMap.WalReserve));
        Assert.Equal(data[^1024..], wal.Read(1024, data.Length - 1024));

        // journal_size_limit cuts the WAL: a page of the map wholly past the new end may not be touched.
        Assert.Equal(0, wal.Truncate(1000));
        var reads = ReadMap.Reads;
        var into = new byte[1024];

        Assert.Equal(ShortRead, RawRead(wal, into, 32 * 1024));
        Assert.Equal(new byte[1024], into);
        Assert.Equal(data[..500], wal.Read(500, 0));
        Assert.Equal(1, ReadMap.Reads - reads);
    }

    [Fact]
    public void Read_DatabaseFile_Mapped_SameBytes_NothingPastACut()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var db = new VfsFile(_db.Path, MainDbFlags);
        var pages = Bytes(16 * 1024, 6);
        db.Write(pages, 0);
        Assert.True(ReadMap.Map(db.Native, _db.Path, ReadMap.DatabaseReserve));
        var reads = ReadMap.Reads;

        Assert.Equal(pages[..100], db.Read(100, 0));
        Assert.Equal(pages[^1024..], db.Read(1024, pages.Length - 1024));
        Assert.Equal(0, db.Truncate(4096));
        var into = new byte[1024];
        Assert.Equal(ShortRead, RawRead(db, into, 8192));
        Assert.Equal(2, ReadMap.Reads - reads);
    }

    [Fact]
    public void Read_ManyPages_LetGoFromTheResidentSet_AfterReadsPerRelease()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var db = new VfsFile(_db.Path, MainDbFlags);
        const int pages = 1024;
        var data = Bytes(pages * 4096, 7);
        for (var k = 0; k < pages; k++) Assert.Equal(0, db.Write(data[(k * 4096)..((k + 1) * 4096)], k * 4096L));
        Assert.True(ReadMap.Map(db.Native, _db.Path, ReadMap.DatabaseReserve));
        var map = (CoalescingFile*)db.Native;

        for (var k = 0; k < pages; k++) Assert.Equal(data[(k * 4096)..(k * 4096 + 1024)], db.Read(1024, k * 4096L));
        Assert.True(ResidentKilobytes(map->Map) >= pages * 4, "every page read is mapped in");

        // The rest of a release period, reading the same pages again: then the map's pages leave the resident set.
        for (var k = pages; k < ReadMap.ReadsPerRelease; k++) db.Read(1024, k % pages * 4096L);
        Assert.Equal(0, map->MapReadsSinceRelease);
        Assert.True(ResidentKilobytes(map->Map) < pages * 4 / 8, "the pages were let go");
        // And they read back the same (from the page cache, mapped again).
        Assert.Equal(data[^1024..], db.Read(1024, data.Length - 1024));
    }

    // The resident size of the mapping that begins at `start`, from /proc/self/smaps.
    private static long ResidentKilobytes(byte* start)
    {
        var head = ((nuint)start).ToString("x") + "-";
        var inMap = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            if (line.StartsWith(head, StringComparison.Ordinal)) inMap = true;
            else if (inMap && line.StartsWith("Rss:", StringComparison.Ordinal))
                return long.Parse(line["Rss:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        }
        throw new InvalidOperationException("the map is not in /proc/self/smaps");
    }

    [Fact]
    public void Map_NotAShimFile_Refused()
    {
        using var journal = new VfsFile(_db.Path + "-journal", MainJournalFlags);

        Assert.False(ReadMap.Map(journal.Native, _db.Path + "-journal", ReadMap.WalReserve));
        Assert.False(ReadMap.Map(null, WalPath, ReadMap.WalReserve));
    }

    private const int MainDbFlags = SqliteVfsInterop.OpenMainDb | 0x2 /* READWRITE */ | 0x4 /* CREATE */;
    private const int MainJournalFlags = 0x800 /* MAIN_JOURNAL */ | 0x2 | 0x4;
}
