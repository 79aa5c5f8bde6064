using OneStop.Engine.Flow;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Storage;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A peek reads the case at the row's version: in place from the cache when it holds that version (no snapshot
/// read from the store), else from the store, and either way what a loaded copy says.</summary>
public sealed class PeekTests
{
    private static (CaseState State, long Version, string[] Tasks) Look(CaseSnapshot s) =>
        (s.State, s.Version, [.. s.Tasks.Select(t => t.Id)]);

    [Theory]
    [InlineData(10_000)]
    [InlineData(0)]
    public async Task Peek_SeesWhatALoadSees_FromTheCacheWithoutReadingTheSnapshot(int cacheSize)
    {
        var store = new SnapshotReadCountingStore();
        using var host = new TestHost(store: store, options: new OneStopOptions { SnapshotCacheSize = cacheSize });
        var number = await host.AcceptedAsync(SomeItems.JointCode);

        var before = store.SnapshotReads;
        var peeked = await host.Engine.PeekAsync(number, Look, CancellationToken.None);
        // Without a cache the case is rebuilt from the store; with one, only the row is read.
        Assert.Equal(cacheSize == 0 ? before + 1 : before, store.SnapshotReads);

        var (loaded, _, _) = await host.Engine.LoadAsync(number, CancellationToken.None);
        var expected = Look(loaded);
        Assert.Equal(CaseState.InProgress, peeked.State);
        Assert.Equal(expected.State, peeked.State);
        Assert.Equal(expected.Version, peeked.Version);
        Assert.Equal(expected.Tasks, peeked.Tasks);
        Assert.NotEmpty(peeked.Tasks);
    }

    [Fact]
    public async Task Peek_UnknownCase_Throws()
    {
        using var host = new TestHost(store: new SnapshotReadCountingStore());
        await Assert.ThrowsAsync<CaseNotFoundException>(async () => await host.Engine.PeekAsync("nope", Look, CancellationToken.None));
    }

    private sealed class SnapshotReadCountingStore() : DelegatingCaseStore(new InMemoryCaseStore())
    {
        public int SnapshotReads;

        public override Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref SnapshotReads);
            return Inner.GetCaseAsync(caseNumber, cancellationToken);
        }
    }
}
