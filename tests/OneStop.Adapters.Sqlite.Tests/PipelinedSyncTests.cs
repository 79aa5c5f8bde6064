using Microsoft.Data.Sqlite;
using OneStop.Adapters.Sqlite.Internal;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Pipelined sync: a group is committed (and visible to other connections) before the sync thread's fsync, but
/// nothing of it leaves the store — no acknowledgement, no host-facing read, no outbox message — before that fsync.</summary>
public sealed class PipelinedSyncTests : SqliteStoreTestBase
{
    /// <summary>Holds the sync thread inside its next fsync until released.</summary>
    private sealed class HeldSync : IDisposable
    {
        private readonly ManualResetEventSlim _release = new(false);
        private readonly SemaphoreSlim _entered = new(0);

        public HeldSync(WalSync sync)
        {
            var real = sync.Fsync;
            sync.Fsync = () =>
            {
                _entered.Release();
                _release.Wait();
                real();
            };
        }

        public Task EnteredAsync() => _entered.WaitAsync();

        public void Release() => _release.Set();

        public void Dispose()
        {
            _release.Set();
            _release.Dispose();
        }
    }

    private WalSync Sync => Store.Writer.Sync ?? throw new InvalidOperationException("Pipelined sync is off.");

    // A lone commit is synced by the writer itself (GroupCommitWriter.SyncWhenIdle); these tests hold the sync thread.
    private void SyncThreadAlways() => Store.Writer.SyncWhenIdle = false;

    private long RawScalar(string sql)
    {
        // A connection of its own, as another process would read the file: it sees what is committed, durable or not.
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = FilePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        return (long)SqliteSchema.Scalar(connection, sql)!;
    }

    private static TaskRecord OpenTask(string caseNumber) => Some.Task(caseNumber + "/t", caseNumber, role: "r1");

    [Fact]
    public async Task HeldSync_GroupCommittedAndVisible_CallersAndGatedReadsWaitUntilReleased()
    {
        SyncThreadAlways();
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a", "A")]));
        var handed = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var held = new HeldSync(Sync);

        var first = Store.CommitAsync(Some.Commit("B", 0, key: "kb", outbox: [Some.Message("b", "B")], tasks: [OpenTask("B")]));
        await held.EnteredAsync();
        var firstSequence = Sync.Begun;

        // Committed: another connection sees it, and so does the engine's load for its next write.
        Assert.Equal(1, RawScalar("SELECT count(*) FROM cases WHERE case_number = 'B'"));
        Assert.Equal(1, (await Store.GetCaseRowAsync("B"))!.Version);
        Assert.Null(await Store.GetCommandAsync("never-written"));
        // Not durable: the caller, the host's reads and the outbox wait.
        Assert.False(first.IsCompleted);
        var caseRead = Store.GetCaseAsync("B");
        var events = Store.ReadEventsAsync("B");
        var repeat = Store.GetCommandAsync("kb");
        var tasks = Store.ListTasksAsync(new TaskQuery("x", ["r1"], []));
        var search = Store.SearchCasesAsync(new CaseQuery());
        var pending = Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        Assert.All(new Task[] { caseRead, events, repeat, tasks, search, pending }, t => Assert.False(t.IsCompleted));

        // The writer goes on with the next group while the sync thread is held.
        Sync.HandedOff = s => handed.TrySetResult(s);
        var second = Store.CommitAsync(Some.Commit("C", 0, outbox: [Some.Message("c", "C")]));
        var secondSequence = await handed.Task;
        Assert.True(secondSequence > firstSequence);
        Assert.Equal(1, RawScalar("SELECT count(*) FROM cases WHERE case_number = 'C'"));
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);
        Assert.True(Sync.Durable < firstSequence);

        held.Release();
        await first;
        Assert.True(Sync.Durable >= firstSequence);
        await second;
        Assert.True(Sync.Durable >= secondSequence);
        Assert.Equal(1, (await caseRead)!.Version);
        Assert.Single(await events);
        Assert.Equal("B", (await repeat)!.CaseNumber);
        Assert.Equal(1, (await tasks).Total);
        Assert.True((await search).Total >= 2);
        // The pending read saw A and B (C may or may not be in its picture); all it returns is durable now.
        Assert.Equal(["a", "b"], (await pending).Select(p => p.Message.MessageId).Take(2));
    }

    [Fact]
    public async Task NothingPending_ReadsDoNotWait()
    {
        SyncThreadAlways();
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a", "A")]));
        using var held = new HeldSync(Sync);

        Assert.True(Store.GetCaseAsync("A").IsCompletedSuccessfully);
        Assert.True(Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10).IsCompletedSuccessfully);
        Assert.True(Store.GetCommandAsync("A/1").IsCompletedSuccessfully);
    }

    [Fact]
    public async Task FailedFsync_FailsWaitingCallers_PoisonsStore_NothingNotDurableDelivered()
    {
        SyncThreadAlways();
        await Store.CommitAsync(Some.Commit("A", 0, outbox: [Some.Message("a", "A")]));
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Sync.Fsync = () =>
        {
            entered.TrySetResult();
            held.Task.Wait();
            throw new IOException("injected: fsync failed");
        };

        var lost = Store.CommitAsync(Some.Commit("B", 0, outbox: [Some.Message("b", "B")]));
        await entered.Task;
        var pending = Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        held.SetResult();

        var error = await Assert.ThrowsAsync<StoreException>(() => lost);
        Assert.False(error.IsTransient);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Same(error, Sync.Failure);
        // The outbox never saw "b" (nor anything else: what is durable is unknown now).
        Assert.Same(error, await Assert.ThrowsAsync<StoreException>(() => pending));
        Assert.Same(error, await Assert.ThrowsAsync<StoreException>(() => Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)));
        Assert.Same(error, await Assert.ThrowsAsync<StoreException>(() => Store.GetCaseAsync("B")));
        // Later writes are refused, commits and other writes alike.
        Assert.Same(error, await Assert.ThrowsAsync<StoreException>(() => Store.CommitAsync(Some.Commit("C", 0))));
        Assert.Same(error, await Assert.ThrowsAsync<StoreException>(() => Store.MarkDeliveredAsync(["a"])));
        Assert.Equal(0, RawScalar("SELECT count(*) FROM cases WHERE case_number = 'C'"));
        // B was committed to the file; only its durability is unknown.
        Assert.Equal(1, RawScalar("SELECT count(*) FROM cases WHERE case_number = 'B'"));
    }

    [Fact]
    public async Task GroupOfMany_OneFsyncCoversTheGroups_WaitingDuringIt()
    {
        SyncThreadAlways();
        await Store.CommitAsync(Some.Commit("A", 0));
        var fsyncs = Sync.FsyncCount;
        var (gate, writer) = await WriterHold.HoldAsync(Store);
        var commits = Enumerable.Range(0, 20).Select(i => Store.CommitAsync(Some.Commit("G" + i, 0))).ToList();
        gate.SetResult();
        await writer;
        await Task.WhenAll(commits);

        // The held request's group and the twenty queued behind it: at most one fsync each, often one for both.
        Assert.InRange(Sync.FsyncCount - fsyncs, 1, 2);
    }

    [Fact]
    public async Task LoneCommit_WriterSyncsItself_QueuedBehind_SyncThreadDoes()
    {
        var syncedOn = new System.Collections.Concurrent.ConcurrentQueue<string?>();
        var real = Sync.Fsync;
        Sync.Fsync = () =>
        {
            syncedOn.Enqueue(Thread.CurrentThread.Name);
            real();
        };

        await Store.CommitAsync(Some.Commit("A", 0));
        Assert.Equal(["OneStop writer"], syncedOn);

        // The held request's group has twenty requests queued behind it: handed over.
        var (gate, writer) = await WriterHold.HoldAsync(Store);
        var commits = Enumerable.Range(0, 20).Select(i => Store.CommitAsync(Some.Commit("G" + i, 0))).ToList();
        gate.SetResult();
        await writer;
        await Task.WhenAll(commits);
        Assert.Equal("OneStop sync", syncedOn.Skip(1).First());
    }
}
