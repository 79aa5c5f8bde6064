using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>The WAL buffer, driven through the VFS's C entry points as SQLite drives it.</summary>
[Collection(VfsTestCollection.Name)]
public sealed unsafe class WalBufferTests : IDisposable
{
    private readonly TempFile _db = new();

    public WalBufferTests() => File.WriteAllBytes(_db.Path, []);

    public void Dispose() => _db.Dispose();

    private string WalPath => _db.Path + "-wal";

    private VfsFile OpenWal() => new(WalPath, VfsFile.WalFlags);

    private static byte[] Bytes(int length, int seed)
    {
        var data = new byte[length];
        new Random(seed).NextBytes(data);
        return data;
    }

    [Fact]
    public void Write_ContiguousFrames_ReachTheFileInOneWriteAtSync()
    {
        using var wal = OpenWal();
        var header = Bytes(32, 1);
        var frames = Enumerable.Range(0, 10).SelectMany(i => new[] { Bytes(24, 10 + i), Bytes(1024, 100 + i) }).ToList();
        var flushes = WalBufferIoMethods.Flushes;

        Assert.Equal(0, wal.Write(header, 0));
        long offset = header.Length;
        foreach (var part in frames)
        {
            Assert.Equal(0, wal.Write(part, offset));
            offset += part.Length;
        }
        Assert.Equal(0, new FileInfo(WalPath).Length);

        Assert.Equal(0, wal.Sync());
        Assert.Equal(1, WalBufferIoMethods.Flushes - flushes);
        Assert.Equal(header.Concat(frames.SelectMany(f => f)).ToArray(), File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Read_OfBufferedBytes_SeesThem()
    {
        using var wal = OpenWal();
        var data = Bytes(3000, 2);
        wal.Write(data[..1000], 0);
        wal.Write(data[1000..], 1000);

        Assert.Equal(data[500..2500], wal.Read(2000, 500));
        Assert.Equal(3000, new FileInfo(WalPath).Length);
    }

    [Fact]
    public void Write_NotContinuingTheBuffer_PassesTheEarlierBytesOnFirst()
    {
        using var wal = OpenWal();
        var first = Bytes(100, 3);
        var overlapping = Bytes(100, 4);
        wal.Write(first, 0);
        wal.Write(overlapping, 50);
        wal.Sync();

        Assert.Equal(first[..50].Concat(overlapping).ToArray(), File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void FileSize_WithBufferedBytes_CountsThem()
    {
        using var wal = OpenWal();
        wal.Write(Bytes(700, 5), 0);
        wal.Write(Bytes(300, 6), 700);

        Assert.Equal(1000, wal.Size());
    }

    [Fact]
    public void Truncate_WithBufferedBytes_WritesThemBeforeCutting()
    {
        using var wal = OpenWal();
        var data = Bytes(200, 7);
        wal.Write(data, 0);

        Assert.Equal(0, wal.Truncate(120));
        Assert.Equal(0, wal.Sync());
        Assert.Equal(data[..120], File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Close_WithBufferedBytes_WritesThem()
    {
        var data = Bytes(500, 8);
        using (var wal = OpenWal())
        {
            wal.Write(data, 0);
            Assert.Equal(0, wal.Close());
        }
        Assert.Equal(data, File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Write_PastTheCap_PassesTheBufferOnBeforeSync()
    {
        using var wal = OpenWal();
        var chunk = 1 << 20;
        var data = Bytes(5 * chunk + 24, 9);
        for (var offset = 0; offset < data.Length; offset += chunk)
            wal.Write(data[offset..Math.Min(data.Length, offset + chunk)], offset);

        Assert.Equal(WalBufferIoMethods.MaxBuffer, new FileInfo(WalPath).Length);
        wal.Sync();
        Assert.Equal(data, File.ReadAllBytes(WalPath));
    }

    [Fact]
    public void Sync_WhenTheBufferedWriteFails_ReportsTheWriteError()
    {
        File.WriteAllBytes(WalPath, []);
        using var wal = new VfsFile(WalPath, SqliteVfsInterop.OpenWal | 0x1 /* READONLY */);

        // The write is only buffered; the file's refusal surfaces at the sync, before anything is reported durable.
        Assert.Equal(0, wal.Write(Bytes(100, 11), 0));
        var rc = wal.Sync();
        Assert.Equal(SqliteVfsInterop.IoErr, rc & 0xff);
        Assert.Equal(0, new FileInfo(WalPath).Length);
    }

    [Fact]
    public void Open_DatabaseFile_IsWrappedAndAJournalIsTheWrappedVfsOwnFile()
    {
        using var file = new VfsFile(_db.Path, SqliteVfsInterop.OpenMainDb | 0x2 | 0x4);
        using var journal = new VfsFile(_db.Path + "-journal", 0x00000800 /* MAIN_JOURNAL */ | 0x2 | 0x4);
        using var plain = new VfsFile(_db.Path + "-journal", 0x00000800 | 0x2 | 0x4, SqliteVfsInterop.sqlite3_vfs_find(null));
        var data = Bytes(1024, 10);

        Assert.Equal(0, file.Write(data, 0));
        Assert.Equal(data, File.ReadAllBytes(_db.Path));
        Assert.True(file.Methods == DatabaseIoMethods.Table);
        Assert.True(journal.Methods == plain.Methods);
    }
}
