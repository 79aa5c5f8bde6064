using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>The writer's WAL read through a map of the file: the same bytes as <c>pread</c>, and never a page past the
/// file's end (which would stop the process with SIGBUS).</summary>
[Collection(VfsTestCollection.Name)]
public sealed unsafe class WalReadMapTests : IDisposable
{
    private const int ShortRead = 522; // SQLITE_IOERR_SHORT_READ
    private readonly TempFile _db = new();

    public WalReadMapTests() => File.WriteAllBytes(_db.Path, []);

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
        Assert.True(WalReadMap.Map(wal.Native, WalPath));
        // Frames still in the shim's buffer: the read writes them first, then copies them from the map.
        var buffered = Bytes(2 * 1048, 2);
        wal.Write(buffered, synced.Length);
        var reads = WalReadMap.Reads;

        Assert.Equal(synced[56..1080], wal.Read(1024, 56));
        Assert.Equal(buffered[24..1048], wal.Read(1024, synced.Length + 24));
        Assert.Equal(buffered[1072..], wal.Read(1024, synced.Length + 1072));
        Assert.Equal(3, WalReadMap.Reads - reads);
        Assert.Equal(synced.Concat(buffered).ToArray(), File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Read_AfterTheFileGrew_ServedFromTheMap()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        wal.Write(Bytes(4096, 3), 0);
        wal.Sync();
        Assert.True(WalReadMap.Map(wal.Native, WalPath));
        Assert.Equal(1024, wal.Read(1024, 0).Length);

        // Far past the size the map saw first: the read asks the size again.
        var grown = Bytes(64 * 1024, 4);
        wal.Write(grown, 1 << 20);
        wal.Sync();
        var reads = WalReadMap.Reads;

        Assert.Equal(grown[^1024..], wal.Read(1024, (1 << 20) + grown.Length - 1024));
        Assert.Equal(1, WalReadMap.Reads - reads);
    }

    [Fact]
    public void Read_PastAnEndCutThroughTheHandle_NotFromTheMap()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        var data = Bytes(64 * 1024, 5);
        wal.Write(data, 0);
        wal.Sync();
        Assert.True(WalReadMap.Map(wal.Native, WalPath));
        Assert.Equal(data[^1024..], wal.Read(1024, data.Length - 1024));

        // journal_size_limit cuts the WAL: a page of the map wholly past the new end may not be touched.
        Assert.Equal(0, wal.Truncate(1000));
        var reads = WalReadMap.Reads;
        var into = new byte[1024];

        Assert.Equal(ShortRead, RawRead(wal, into, 32 * 1024));
        Assert.Equal(new byte[1024], into);
        Assert.Equal(data[..500], wal.Read(500, 0));
        Assert.Equal(1, WalReadMap.Reads - reads);
    }

    [Fact]
    public void Map_NotAShimWal_Refused()
    {
        using var db = new VfsFile(_db.Path, SqliteVfsInterop.OpenMainDb | 0x2 | 0x4);

        Assert.False(WalReadMap.Map(db.Native, _db.Path));
        Assert.False(WalReadMap.Map(null, WalPath));
    }
}
