using OneStop.Engine;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>A commit that finds the writer idle is written on its caller's thread, but never waits there for a lock
/// someone else holds.</summary>
public sealed class InlineWriteTests : IAsyncLifetime
{
    private readonly TempFile _file = new();
    private SqliteCaseStore _store = null!;

    public Task InitializeAsync()
    {
        // A long busy timeout: a caller held on its thread by the outside lock below would stay held for all of it.
        _store = SqliteCaseStore.Open(_file.Path, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromMinutes(2) });
        _store.Writer.InlineCommits = true;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        _file.Dispose();
    }

    [Fact]
    public async Task CommitAsync_WriterIdle_DoneWhenItReturns()
    {
        await _store.CommitAsync(Some.Commit("A", 0));
        var inline = _store.Writer.InlineCount;

        var commit = _store.CommitAsync(Some.Commit("A", 1, outbox: [Some.Message("m", "A")]));

        Assert.True(commit.IsCompletedSuccessfully);
        Assert.Equal(inline + 1, _store.Writer.InlineCount);
        Assert.Equal(2, (await _store.GetCaseAsync("A"))!.Version);
        Assert.Single(await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task CommitAsync_InlineCommitsOff_QueuedThoughIdle()
    {
        await _store.CommitAsync(Some.Commit("A", 0));
        var inline = _store.Writer.InlineCount;
        _store.Writer.InlineCommits = false;

        await _store.CommitAsync(Some.Commit("A", 1));

        Assert.Equal(inline, _store.Writer.InlineCount);
        Assert.Equal(2, (await _store.GetCaseAsync("A"))!.Version);
    }

    [Fact]
    public async Task CommitAsync_WriterIdleConflict_RefusedAndNothingWritten()
    {
        await _store.CommitAsync(Some.Commit("A", 0));

        var refused = _store.CommitAsync(Some.Commit("A", 0, key: "again", outbox: [Some.Message("m", "A")]));

        Assert.True(refused.IsFaulted);
        await Assert.ThrowsAsync<ConcurrencyException>(() => refused);
        Assert.Null(await _store.GetCommandAsync("again"));
        Assert.Empty(await _store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10));
        await _store.CommitAsync(Some.Commit("A", 1));
        Assert.Equal(2, (await _store.GetCaseAsync("A"))!.Version);
    }

    [Fact]
    public async Task CommitAsync_OutsideConnectionHoldsWriteLock_ReturnsAtOnceAndCommitsAfterRelease()
    {
        await _store.CommitAsync(Some.Commit("A", 0));
        var inline = _store.Writer.InlineCount;
        using var outside = _file.Connect();
        OneStop.Adapters.Sqlite.Internal.SqliteSchema.Execute(outside, "BEGIN IMMEDIATE");

        // With the lock held the commit cannot be written: the call must come back unfinished at once, not wait on this
        // thread (SQLite's busy wait would hold it for the whole two-minute timeout).
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var commit = _store.CommitAsync(Some.Commit("A", 1));
        var returnedAfter = clock.Elapsed;
        Assert.False(commit.IsCompleted);
        Assert.True(returnedAfter < TimeSpan.FromSeconds(20), $"CommitAsync held its caller for {returnedAfter}.");
        OneStop.Adapters.Sqlite.Internal.SqliteSchema.Execute(outside, "ROLLBACK");

        await commit;
        Assert.Equal(inline, _store.Writer.InlineCount);
        Assert.Equal(2, (await _store.GetCaseAsync("A"))!.Version);
    }

    [Fact]
    public async Task CommitAsync_AfterAGroupOfSeveral_QueuedUntilAGroupOfOne()
    {
        var (gate, held) = await HoldWriterAsync();
        var b = _store.CommitAsync(Some.Commit("B", 0));
        var c = _store.CommitAsync(Some.Commit("C", 0));
        gate.SetResult();
        await Task.WhenAll(held, b, c);
        var inline = _store.Writer.InlineCount;
        var batches = _store.Writer.BatchCount;

        // Callers overlapped a moment ago: the next one, though it finds the writer idle, joins the queue.
        await _store.CommitAsync(Some.Commit("D", 0));
        Assert.Equal((inline, batches + 1), (_store.Writer.InlineCount, _store.Writer.BatchCount));
        // That group was a single commit: the next one is written at once.
        await _store.CommitAsync(Some.Commit("E", 0));
        Assert.Equal((inline + 1, batches + 2), (_store.Writer.InlineCount, _store.Writer.BatchCount));
        Assert.Equal(4, (await _store.SearchCasesAsync(new Engine.Storage.CaseQuery())).Total);
    }

    private Task<(TaskCompletionSource Gate, Task Held)> HoldWriterAsync() => WriterHold.HoldAsync(_store);

    [Fact]
    public async Task CommitAsync_WriterBusyWithGroup_QueuedNotInline()
    {
        var (gate, held) = await HoldWriterAsync();
        var inline = _store.Writer.InlineCount;

        var commit = _store.CommitAsync(Some.Commit("B", 0));
        Assert.False(commit.IsCompleted);
        gate.SetResult();
        await held;
        await commit;

        Assert.Equal(inline, _store.Writer.InlineCount);
        Assert.NotNull(await _store.GetCaseAsync("B"));
    }
}
