using OneStop.Adapters.Sqlite.Vfs;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Vfs;

/// <summary><see cref="SqliteStoreOptions.CoalesceWalWrites"/> in the store.</summary>
[Collection(VfsTestCollection.Name)]
public sealed class StoreCoalescingTests : IDisposable
{
    private readonly TempFile _file = new();

    public void Dispose() => _file.Dispose();

    [Theory]
    [InlineData(SqliteSynchronousMode.Off, false)]
    [InlineData(SqliteSynchronousMode.Normal, false)]
    [InlineData(SqliteSynchronousMode.Full, true)]
    [InlineData(SqliteSynchronousMode.Extra, true)]
    public void UsesCoalescingVfs_ByDurability_OnlyWhenEveryCommitSyncsTheWal(SqliteSynchronousMode mode, bool expected)
    {
        Assert.Equal(expected, new SqliteStoreOptions { CoalesceWalWrites = true, Synchronous = mode }.UsesCoalescingVfs);
        Assert.False(new SqliteStoreOptions { CoalesceWalWrites = false, Synchronous = mode }.UsesCoalescingVfs);
    }

    [Fact]
    public void Defaults_OnTheBundledLibrary_CoalesceTheWal()
    {
        // The guard against other SQLitePCLRaw providers must not switch the shim off for the bundle the store ships with.
        Assert.True(CoalescingVfs.Available);
        Assert.True(new SqliteStoreOptions().UsesCoalescingVfs);
    }

    [Fact]
    public async Task Commit_WithCoalescingAndFull_WritesTheWalThroughTheVfsAndSurvivesReopening()
    {
        var writes = WalBufferIoMethods.Writes;
        await using (var store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { CoalesceWalWrites = true }))
        {
            await Task.WhenAll(Enumerable.Range(0, 50).Select(i => store.CommitAsync(Some.Commit($"C{i}", 0))));
            await store.CommitAsync(Some.Commit("C1", 1));
        }
        Assert.True(WalBufferIoMethods.Writes > writes);

        await using var reopened = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { CoalesceWalWrites = false });
        Assert.Equal(2, (await reopened.GetCaseAsync("C1"))!.Version);
        Assert.Equal(1, (await reopened.GetCaseAsync("C49"))!.Version);
    }

    [Fact]
    public async Task Commit_WithCoalescingAndNormal_DoesNotUseTheVfs()
    {
        var writes = WalBufferIoMethods.Writes;
        await using (var store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { CoalesceWalWrites = true, Synchronous = SqliteSynchronousMode.Normal }))
        {
            await store.CommitAsync(Some.Commit("C1", 0));
            Assert.NotNull(await store.GetCaseAsync("C1"));
        }
        Assert.Equal(writes, WalBufferIoMethods.Writes);
    }
}
