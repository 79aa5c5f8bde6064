using OneStop.Engine;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The group-commit writer wakes for the next request after idling, never leaves a caller waiting when the store
/// closes under it, and a commit refused before it is queued fails through its task.</summary>
public sealed class WriterLifecycleTests : SqliteStoreTestBase
{
    [Fact]
    public async Task CommitAsync_AfterTheWriterWentIdle_IsWokenAndWritten()
    {
        // Each commit finds the writer asleep (the previous one finished and nothing else is queued).
        for (var i = 0; i < 20; i++)
        {
            await Store.CommitAsync(Some.Commit("W" + i, 0));
            await Task.Yield();
        }

        for (var i = 0; i < 20; i++) Assert.Equal(1, (await Store.GetCaseAsync("W" + i))!.Version);
    }

    [Fact]
    public async Task DisposeAsync_CallersRacingWithClose_EveryCallFinishesWrittenOrRefused()
    {
        using var start = new ManualResetEventSlim(false);
        var callers = Enumerable.Range(0, 8).Select(c => Task.Run(async () =>
        {
            start.Wait();
            var outcomes = new List<bool>();
            for (var i = 0; i < 50; i++)
            {
                try
                {
                    await Store.CommitAsync(Some.Commit($"R{c}-{i}", 0));
                    outcomes.Add(true);
                }
                catch (ObjectDisposedException)
                {
                    outcomes.Add(false);
                }
            }
            return outcomes;
        })).ToList();
        start.Set();
        await Task.Delay(1);
        await Store.DisposeAsync();

        // No caller hangs: every commit either finished or was refused, and once refused stays refused.
        var all = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromMinutes(1));
        foreach (var outcomes in all)
        {
            var firstRefused = outcomes.IndexOf(false);
            if (firstRefused >= 0) Assert.DoesNotContain(true, outcomes.Skip(firstRefused));
        }
        await using var reopened = SqliteCaseStore.Open(FilePath);
        for (var c = 0; c < all.Length; c++)
        {
            for (var i = 0; i < all[c].Count; i++)
                Assert.Equal(all[c][i], await reopened.GetCaseAsync($"R{c}-{i}") is not null);
        }
    }

    [Fact]
    public async Task CommitAsync_InvalidCommit_FailsThroughTheReturnedTask()
    {
        // An empty commit is refused before anything is queued, and the refusal arrives as a faulted task, not a throw.
        var batches = Store.Writer.BatchCount;
        var task = Store.CommitAsync(Some.Commit("V", 0, events: 0));

        Assert.True(task.IsFaulted);
        await Assert.ThrowsAsync<ArgumentException>(() => task);
        Assert.Equal(batches, Store.Writer.BatchCount);
        Assert.Null(await Store.GetCaseAsync("V"));
    }
}
