using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store claims a commit's command key and message ids while it checks them; a refused commit
/// gives every claim back, so the same key and ids commit later, in their slots and order.</summary>
public sealed class InMemoryCaseStoreClaimTests
{
    private static async Task<string[]> PendingIdsAsync(InMemoryCaseStore store) =>
        [.. (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100)).Select(p => p.Message.MessageId)];

    [Fact]
    public async Task CommitAsync_RefusedForMessageIdAfterOthers_FreesTheKeyAndTheEarlierIds()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m1", "C1")]));
        var clash = Some.Commit("C1", 1, key: "k2", outbox: [Some.Message("m2", "C1"), Some.Message("m3", "C1"), Some.Message("m1", "C1")]);

        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(clash));
        Assert.Null(await store.GetCommandAsync("k2"));
        Assert.Equal(["m1"], await PendingIdsAsync(store));

        // The same key and the ids the refused commit had claimed go through now, in their order after m1.
        await store.CommitAsync(Some.Commit("C1", 1, key: "k2", outbox: [Some.Message("m2", "C1"), Some.Message("m3", "C1")]));
        Assert.Equal("C1", (await store.GetCommandAsync("k2"))!.CaseNumber);
        Assert.Equal(["m1", "m2", "m3"], await PendingIdsAsync(store));
        await store.MarkDeliveredAsync(["m2"]);
        Assert.Equal(["m1", "m3"], await PendingIdsAsync(store));
    }

    [Fact]
    public async Task CommitAsync_RefusedForVersionOrTask_FreesTheKeyAndIds()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("C1", 0, tasks: [Some.Task("t1", "C1")]));
        var stale = Some.Commit("C1", 0, key: "k", outbox: [Some.Message("m", "C1")]);
        var foreignTask = Some.Commit("C2", 0, key: "k", outbox: [Some.Message("m", "C2")], tasks: [Some.Task("t1", "C2")]);

        await Assert.ThrowsAsync<ConcurrencyException>(() => store.CommitAsync(stale));
        await Assert.ThrowsAsync<StoreException>(() => store.CommitAsync(foreignTask));
        Assert.Null(await store.GetCommandAsync("k"));
        Assert.Empty(await PendingIdsAsync(store));

        await store.CommitAsync(Some.Commit("C2", 0, key: "k", outbox: [Some.Message("m", "C2")]));
        Assert.Equal("C2", (await store.GetCommandAsync("k"))!.CaseNumber);
        Assert.Equal(["m"], await PendingIdsAsync(store));
        // Claimed for good now: a repeat is refused as a duplicate before anything else.
        await Assert.ThrowsAsync<DuplicateCommandException>(() => store.CommitAsync(Some.Commit("C3", 0, key: "k", outbox: [Some.Message("m", "C3")])));
    }
}
