using OneStop.Adapters.Sqlite.Vfs;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>The writer's WAL with deferred commit syncs (pipelined sync): a commit's sync writes the frames and returns,
/// every other sync reaches the disk.</summary>
[Collection(VfsTestCollection.Name)]
public sealed unsafe class DeferredSyncTests : IDisposable
{
    private const int SyncNormal = 2;
    private const int SyncFull = 3;
    private readonly TempFile _db = new();

    public DeferredSyncTests() => File.WriteAllBytes(_db.Path, []);

    public void Dispose() => _db.Dispose();

    private string WalPath => _db.Path + "-wal";

    [Fact]
    public void Sync_Deferred_FirstAndHeaderAndCheckpointSyncsReal_CommitSyncsOnlyWrite()
    {
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        Assert.True(WalBufferIoMethods.EnableDeferredSync(wal.Native));
        Assert.Equal(0, wal.Write(new byte[32], 0));
        var (syncs, deferred) = (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs);

        // The handle's first sync (the directory of a new WAL) and a new header: real.
        Assert.Equal(0, wal.Sync(SyncNormal));
        Assert.Equal((syncs + 1, deferred), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));

        // A commit's frames: written, not synced.
        Assert.Equal(0, wal.Write(new byte[1048], 32));
        Assert.Equal(0, wal.Sync(SyncNormal));
        Assert.Equal((syncs + 1, deferred + 1), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));
        Assert.Equal(32 + 1048, new FileInfo(WalPath).Length);

        // A checkpoint's sync (SQLITE_SYNC_FULL on the writer connection): real.
        Assert.Equal(0, wal.Sync(SyncFull));
        Assert.Equal((syncs + 2, deferred + 1), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));

        // The WAL starts over: its new header's sync is real even with a commit's flags.
        Assert.Equal(0, wal.Write(new byte[32], 0));
        Assert.Equal(0, wal.Sync(SyncNormal));
        Assert.Equal((syncs + 3, deferred + 1), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));

        WalBufferIoMethods.DisableDeferredSync(wal.Native);
        Assert.Equal(0, wal.Write(new byte[1048], 32));
        Assert.Equal(0, wal.Sync(SyncNormal));
        Assert.Equal((syncs + 4, deferred + 1), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));
    }

    [Fact]
    public void Sync_NotDeferred_AlwaysReal()
    {
        using var wal = new VfsFile(WalPath, VfsFile.WalFlags);
        var (syncs, deferred) = (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, wal.Write(new byte[1048], 32 + i * 1048));
            Assert.Equal(0, wal.Sync(SyncNormal));
        }
        Assert.Equal((syncs + 3, deferred), (WalBufferIoMethods.Syncs, WalBufferIoMethods.DeferredSyncs));
    }
}
