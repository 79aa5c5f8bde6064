using System.Runtime.CompilerServices;
using System.Text;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>The store reads a commit's snapshot bytes during the CommitAsync call only (ISnapshotCopyingStore): the
/// engine reuses its buffer as soon as the call returns, so whatever the writer binds later must be the store's own copy.</summary>
public sealed class SnapshotBytesLifetimeTests : SqliteStoreTestBase
{
    public static TheoryData<string> Sizes => new() { "small", "json", "random" };

    // Small ones are stored as given (below the codec's minimum), random ones too (incompressible): those are the bytes
    // the codec would otherwise share with the caller. JSON-like ones are deflated.
    private static byte[] SnapshotOf(string kind) => kind switch
    {
        "small" => Encoding.UTF8.GetBytes("""{"caseNumber":"S-1","state":"Submitted"}"""),
        "json" => Encoding.UTF8.GetBytes("{" + string.Join(",", Enumerable.Range(0, 200).Select(i => $"\"field{i}\":\"value {i % 7}\"")) + "}"),
        _ => RandomBytes(3000),
    };

    private static byte[] RandomBytes(int n)
    {
        var bytes = new byte[n];
        new Random(7).NextBytes(bytes);
        return bytes;
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task CommitAsync_BufferOverwrittenOnceTheCallReturns_StoresTheBytesAsGiven(string kind)
    {
        var original = SnapshotOf(kind);
        var buffer = (byte[])original.Clone();
        // The writer is busy, so the commit waits in the queue after the call returned.
        var (gate, held) = await WriterHold.HoldAsync(Store);
        var commit = Some.Commit("S-1", 0, record: Some.Case("S-1", 1) with { Snapshot = buffer });
        var written = Store.CommitAsync(commit);
        buffer.AsSpan().Fill((byte)'x');
        gate.SetResult();
        await held;
        await written;

        var row = await Store.GetCaseAsync("S-1");
        Assert.Equal(original, row!.Snapshot.ToArray());
    }

    [Fact]
    public async Task HeldFsync_CommitNoLongerReferencedWhileItsCallerWaits()
    {
        await Store.CommitAsync(Some.Commit("A", 0));
        Store.Writer.SyncWhenIdle = false;
        var sync = Store.Writer.Sync ?? throw new InvalidOperationException("Pipelined sync is off.");
        var entered = new SemaphoreSlim(0);
        var release = new ManualResetEventSlim(false);
        var real = sync.Fsync;
        sync.Fsync = () =>
        {
            entered.Release();
            release.Wait();
            real();
        };
        try
        {
            var (written, commit) = StartCommit("B");
            await entered.WaitAsync();
            // Committed, waiting for its fsync: the request (still in the sync thread's group) must not keep the commit.
            for (var i = 0; i < 3 && commit.IsAlive; i++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }
            Assert.False(written.IsCompleted);
            Assert.False(commit.IsAlive);
            release.Set();
            await written;
        }
        finally
        {
            release.Set();
        }
        Assert.Equal(1, (await Store.GetCaseAsync("B"))!.Version);
    }

    // Not inlined, so no local of the caller's frame keeps the commit.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (Task Written, WeakReference Commit) StartCommit(string caseNumber)
    {
        var commit = Some.Commit(caseNumber, 0, record: Some.Case(caseNumber, 1) with { Snapshot = SnapshotOf("json") });
        return (Store.CommitAsync(commit), new WeakReference(commit));
    }
}
