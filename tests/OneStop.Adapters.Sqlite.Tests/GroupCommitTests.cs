using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

public sealed class GroupCommitTests : IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteCaseStore _store = null!;

    public Task InitializeAsync()
    {
        _store = SqliteCaseStore.Open(_file.Path);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _file.Dispose();
    }

    /// <summary>Occupies the writer until the returned gate is opened, so later requests queue up into one batch.</summary>
    private async Task<(TaskCompletionSource Gate, Task Held)> HoldWriterAsync()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = _store.Writer.EnqueueAsync(_ =>
        {
            started.SetResult();
            gate.Task.Wait();
            return null;
        }, CancellationToken.None);
        await started.Task;
        return (gate, held);
    }

    [Fact]
    public async Task CommitAsync_BatchWithConflictAndDuplicate_OnlyThoseCallersFail()
    {
        await _store.CommitAsync(Some.Commit("X", 0, key: "taken"));
        var (gate, held) = await HoldWriterAsync();
        var batchesBefore = _store.Writer.BatchCount;

        var good = Enumerable.Range(0, 10).Select(i => _store.CommitAsync(Some.Commit("G" + i, 0, outbox: [Some.Message("g" + i, "G" + i)]))).ToList();
        var conflict = _store.CommitAsync(Some.Commit("X", 0, key: "conflict", outbox: [Some.Message("ghost", "X")]));
        var duplicate = _store.CommitAsync(Some.Commit("D", 0, key: "taken"));
        var clash = _store.CommitAsync(Some.Commit("E", 0, key: "clash", outbox: [Some.Message("g3", "E")]));
        gate.SetResult();
        await held;

        await Task.WhenAll(good);
        await Assert.ThrowsAsync<ConcurrencyException>(() => conflict);
        await Assert.ThrowsAsync<DuplicateCommandException>(() => duplicate);
        var storeError = await Assert.ThrowsAsync<StoreException>(() => clash);
        Assert.False(storeError.IsTransient);

        // The held request's own batch (counted once it finishes) plus exactly one for the thirteen queued commands.
        Assert.Equal(batchesBefore + 2, _store.Writer.BatchCount);
        for (var i = 0; i < 10; i++) Assert.Equal(1, (await _store.GetCaseAsync("G" + i))!.Version);
        Assert.Null(await _store.GetCaseAsync("D"));
        Assert.Null(await _store.GetCaseAsync("E"));
        Assert.Null(await _store.GetCommandAsync("conflict"));
        Assert.Null(await _store.GetCommandAsync("clash"));
        Assert.Equal(1, (await _store.GetCaseAsync("X"))!.Version);
        var pending = (await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 100)).Select(p => p.Message.MessageId).ToList();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "g" + i), pending);
    }

    [Fact]
    public async Task CommitAsync_CancelledWhileQueued_IsNotWritten()
    {
        var (gate, held) = await HoldWriterAsync();
        using var cts = new CancellationTokenSource();
        var cancelled = _store.CommitAsync(Some.Commit("C", 0, key: "cancelled"), cts.Token);
        var kept = _store.CommitAsync(Some.Commit("K", 0));
        await cts.CancelAsync();
        gate.SetResult();
        await held;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await kept;
        Assert.Null(await _store.GetCaseAsync("C"));
        Assert.Null(await _store.GetCommandAsync("cancelled"));
        Assert.NotNull(await _store.GetCaseAsync("K"));
    }

    [Fact]
    public async Task CommitAsync_ManyConcurrentCallers_AllCommittedInFewerTransactions()
    {
        var batchesBefore = _store.Writer.BatchCount;
        await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(() => _store.CommitAsync(Some.Commit("M" + i, 0)))));

        Assert.Equal(200, (await _store.SearchCasesAsync(new CaseQuery(Limit: 1))).Total);
        Assert.True(_store.Writer.BatchCount - batchesBefore <= 200);
    }

    [Fact]
    public async Task DisposeAsync_QueuedWrites_FinishedThenFurtherWritesRefused()
    {
        var (gate, held) = await HoldWriterAsync();
        var queued = _store.CommitAsync(Some.Commit("Q", 0));
        var closing = _store.DisposeAsync().AsTask();
        gate.SetResult();
        await held;
        await queued;
        await closing;

        await Assert.ThrowsAsync<ObjectDisposedException>(() => _store.CommitAsync(Some.Commit("Z", 0)));
        await using var reopened = SqliteCaseStore.Open(_file.Path);
        Assert.NotNull(await reopened.GetCaseAsync("Q"));
    }
}
