using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

public sealed class GroupCommitTests : SqliteStoreTestBase
{
    private Task<(TaskCompletionSource Gate, Task Held)> HoldWriterAsync() => WriterHold.HoldAsync(Store);

    [Fact]
    public async Task CommitAsync_BatchWithConflictAndDuplicate_OnlyThoseCallersFail()
    {
        await Store.CommitAsync(Some.Commit("X", 0, key: "taken"));
        var (gate, held) = await HoldWriterAsync();
        var batchesBefore = Store.Writer.BatchCount;

        var good = Enumerable.Range(0, 10).Select(i => Store.CommitAsync(Some.Commit("G" + i, 0, outbox: [Some.Message("g" + i, "G" + i)]))).ToList();
        var conflict = Store.CommitAsync(Some.Commit("X", 0, key: "conflict", outbox: [Some.Message("ghost", "X")]));
        var duplicate = Store.CommitAsync(Some.Commit("D", 0, key: "taken"));
        var clash = Store.CommitAsync(Some.Commit("E", 0, key: "clash", outbox: [Some.Message("g3", "E")]));
        gate.SetResult();
        await held;

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<ConcurrencyException>(() => conflict);
        await Assert.ThrowsAsync<DuplicateCommandException>(() => duplicate);
        var storeError = await Assert.ThrowsAsync<StoreException>(() => clash);
        Assert.False(storeError.IsTransient);

        // The held request's own batch (counted once it finishes) plus exactly one for the thirteen queued commands.
        Assert.Equal(batchesBefore + 2, Store.Writer.BatchCount);
        for (var i = 0; i < 10; i++) Assert.Equal(1, (await Store.GetCaseAsync("G" + i))!.Version);
        Assert.Null(await Store.GetCaseAsync("D"));
        Assert.Null(await Store.GetCaseAsync("E"));
        Assert.Null(await Store.GetCommandAsync("conflict"));
        Assert.Null(await Store.GetCommandAsync("clash"));
        Assert.Equal(1, (await Store.GetCaseAsync("X"))!.Version);
        var pending = (await Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100)).Select(p => p.Message.MessageId).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "g" + i), pending);
    }

    [Fact]
    public async Task CommitAsync_CancelledWhileQueued_IsNotWritten()
    {
        var (gate, held) = await HoldWriterAsync();
        using var cts = new CancellationTokenSource();
        var cancelled = Store.CommitAsync(Some.Commit("C", 0, key: "cancelled"), cts.Token);
        var kept = Store.CommitAsync(Some.Commit("K", 0));
        await cts.CancelAsync();
        gate.SetResult();
        await held;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await kept;
        Assert.Null(await Store.GetCaseAsync("C"));
        Assert.Null(await Store.GetCommandAsync("cancelled"));
        Assert.NotNull(await Store.GetCaseAsync("K"));
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentCallers_AllCommittedInFewerTransactions()
    {
        var batchesBefore = Store.Writer.BatchCount;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => Store.CommitAsync(Some.Commit("M" + i, 0)))));

        Assert.Equal(200, (await Store.SearchCasesAsync(new CaseQuery(Limit: 1))).Total);
        Assert.True(Store.Writer.BatchCount - batchesBefore <= 200);
    }

    [Fact]
    public async Task DisposeAsync_QueuedWrites_FinishedThenFurtherWritesRefused()
    {
        var (gate, held) = await HoldWriterAsync();
        var queued = Store.CommitAsync(Some.Commit("Q", 0));
        var closing = Store.DisposeAsync().AsTask();
        gate.SetResult();
        await held;
        await queued;
        await closing;

        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.CommitAsync(Some.Commit("Z", 0)));
        await using var reopened = SqliteCaseStore.Open(FilePath);
        Assert.NotNull(await reopened.GetCaseAsync("Q"));
    }
}
