using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Storage;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>On the in-memory store the engine's snapshot cache shares the store's lock (session 16): a command reads
/// its row and takes its cached case under one lock, and commits and puts the case back under one lock. The cache
/// behaves as with a lock of its own, and concurrent commands leave the same cases as the log replays.</summary>
public sealed class SharedCacheLockTests
{
    private static CaseSnapshot Case(int n, long version = 1) => new() { CaseNumber = $"C{n}", Version = version, State = CaseState.InProgress };

    [Fact]
    public async Task Cache_WithAGivenLock_TakesThatLock_AndItsLockedMethodsActAsTheOthers()
    {
        var gate = new Lock();
        var cache = new SnapshotCache(10, gate);
        Assert.True(gate == cache.Gate);
        Assert.True(gate != new SnapshotCache(10).Gate);

        Task put;
        lock (gate)
        {
            cache.PutLocked(Case(1));
            Assert.True(cache.TryCopyLocked("C1", 1, out var copy));
            Assert.Equal("C1", copy.CaseNumber);
            Assert.False(cache.TryTakeLocked("C1", 2, out _));
            // A version asked for that the entry does not have drops it.
            Assert.False(cache.TryTakeLocked("C1", 1, out _));
            cache.PutLocked(Case(1, 3));
            Assert.True(cache.TryTakeLocked("C1", 3, out var taken));
            Assert.Equal(3, taken.Version);

            // Another thread's put waits for the lock.
            put = Task.Run(() => cache.Put(Case(2)));
            Assert.False(put.IsCompleted && cache.TryCopyLocked("C2", 1, out _));
        }
        await put;
        Assert.True(cache.TryTake("C2", 1, out _));
    }

    [Fact]
    public void Engine_OnTheInMemoryStore_CachesUnderTheStoresLock()
    {
        using var host = new TestHost();
        var store = (InMemoryCaseStore)host.Store;
        var cache = (SnapshotCache)typeof(CaseEngine).GetField("_cache", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(host.Engine)!;
        Assert.True(store.Gate == cache.Gate);
    }

    [Fact]
    public async Task Command_OnARowCommittedAsGiven_LoadsThroughTheRow_ThenTakesTheCachedCase()
    {
        // Another writer commits whole rows (a CaseCommit) to the engine's in-memory store: the engine's usual load does
        // not apply to such a row, and the full load gives the same case.
        var checkedStore = new EagerCheckStore();
        using var writer = new TestHost(store: checkedStore);
        using var host = new TestHost(store: checkedStore.Inner, clock: writer.Clock);
        var n = await writer.AcceptedAsync(SomeItems.JointCode);

        await host.ApproveAsync(n, "intake");
        await host.ApproveAsync(n, "sa");
        await writer.ApproveAsync(n, "sb");
        await host.ApproveAsync(n, "sc");
        await host.ApproveAsync(n, "sd");

        await host.AssertReplayEqualsSnapshotAsync(n);
        Assert.NotNull(await host.Engine.CachedSnapshotAsync(n));
        Assert.Equal(["handout"], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId));
        // The hash chain runs unbroken across both writers' commits.
        var report = await host.Engine.VerifyCaseAsync(n);
        Assert.True(report.IsIntact);
        Assert.Equal((await host.Store.GetCaseAsync(n))!.Version, report.EventsChecked);
    }

    [Fact]
    public async Task ConcurrentCommands_OnOneCaseAndOnMany_LeaveCasesTheLogReplays()
    {
        using var host = new TestHost();
        var shared = await host.AcceptedAsync(SomeItems.JointCode);
        var intake = (await host.TaskAsync(shared, "intake")).TaskId;
        var comments = 0;

        async Task CommentAsync(int worker)
        {
            for (var i = 0; i < 40; i++)
            {
                // Commands on one case race on its version: a lost race is refused (the cache forgets the case) and retried.
                while (true)
                {
                    try
                    {
                        await host.Engine.ExecuteAsync(new CommentTask(shared, "staff", host.Key(), intake, $"意见 {worker}/{i}"));
                        Interlocked.Increment(ref comments);
                        break;
                    }
                    catch (ConcurrencyException)
                    {
                    }
                }
            }
        }

        async Task<string> CaseAsync()
        {
            var n = await host.AcceptedAsync(SomeItems.JointCode);
            foreach (var step in new[] { "intake", "sa", "sb", "sc", "sd", "handout" }) await host.ApproveAsync(n, step);
            await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key()));
            return n;
        }

        var workers = Enumerable.Range(0, 3).Select(w => Task.Run(() => CommentAsync(w))).ToList();
        var cases = Enumerable.Range(0, 6).Select(_ => Task.Run(CaseAsync)).ToList();
        await Task.WhenAll(workers);
        var numbers = await Task.WhenAll(cases);

        Assert.Equal(120, comments);
        foreach (var n in numbers.Append(shared))
        {
            await host.AssertReplayEqualsSnapshotAsync(n);
            Assert.Equal((await host.Store.GetCaseAsync(n))!.Version, (await host.Engine.StoredSnapshotAsync(n)).Version);
        }
        Assert.Equal(CaseState.Concluded, (await host.ViewAsync(numbers[0])).State);
        Assert.Equal(120, (await host.ViewAsync(shared)).Timeline.Count(t => t.Type == Events.TaskCommented.Name));
    }
}
