using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store's commit reuses the case entry the engine's last read found: only for that case. A
/// commit of another case after the read (new or existing) checks and changes that case's own entry.</summary>
public sealed class ReadEntryReuseTests
{
    [Fact]
    public async Task Commit_OfAnotherCaseAfterARead_UsesThatCasesOwnEntry()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0));
        await store.CommitAsync(Some.Commit("C1", 1, key: "k2"));
        Assert.Equal(2, store.GetEngineRow("C1")!.Value.Version);

        // A new case after the read of C1: not C1's entry (whose version is 2, not 0).
        await store.CommitAsync(Some.Commit("C2", 0, key: "k3"));
        // A stale version of C2 is refused by C2's version, not C1's.
        Assert.NotNull(store.GetEngineRow("C1"));
        await Assert.ThrowsAsync<ConcurrencyException>(() => store.CommitAsync(Some.Commit("C2", 2, key: "k4")));
        await store.CommitAsync(Some.Commit("C2", 1, key: "k5"));

        // The read case itself, by an equal string that is another instance.
        Assert.NotNull(store.GetEngineRow(string.Concat("C", "1")));
        await store.CommitAsync(Some.Commit("C1", 2, key: "k6"));
        Assert.Equal(3, (await store.GetCaseRowAsync("C1"))!.Version);
        Assert.Equal(2, (await store.GetCaseRowAsync("C2"))!.Version);
    }
}
