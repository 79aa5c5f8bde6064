using OneStop.Adapters.Sqlite.Vfs;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary>A store's writer defers its WAL's commit syncs to the sync thread only with <see cref="SqliteStoreOptions.PipelineSync"/>.</summary>
[Collection(VfsTestCollection.Name)]
public sealed class StoreDeferredSyncTests : IDisposable
{
    private readonly TempFile _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Store_CommitsDeferSqlitesSync_OneStoreFsyncEach()
    {
        var store = SqliteCaseStore.Open(_db.Path);
        try
        {
            var sync = store.Writer.Sync!;
            Assert.NotNull(sync);
            var (deferred, fsyncs) = (WalBufferIoMethods.DeferredSyncs, sync.FsyncCount);
            for (var i = 0; i < 3; i++) await store.CommitAsync(Some.Commit("A", i));
            // The first commit's sync may be the handle's first (real); the others are deferred.
            Assert.InRange(WalBufferIoMethods.DeferredSyncs - deferred, 2, 3);
            Assert.Equal(fsyncs + 3, sync.FsyncCount);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }

    [Fact]
    public async Task Store_PipelineSyncOff_NoSyncThread_CommitsSyncThemselves()
    {
        var store = SqliteCaseStore.Open(_db.Path, new SqliteStoreOptions { PipelineSync = false });
        try
        {
            Assert.Null(store.Writer.Sync);
            var deferred = WalBufferIoMethods.DeferredSyncs;
            for (var i = 0; i < 3; i++) await store.CommitAsync(Some.Commit("A", i));
            Assert.Equal(deferred, WalBufferIoMethods.DeferredSyncs);
            Assert.Equal(3, (await store.GetCaseAsync("A"))!.Version);
        }
        finally
        {
            await store.DisposeAsync();
        }
    }
}
