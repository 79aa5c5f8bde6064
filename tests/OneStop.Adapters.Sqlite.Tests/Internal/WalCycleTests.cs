using OneStop.Adapters.Sqlite.Internal;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests.Internal;

/// <summary>The WAL is checkpointed and started over once it reaches the writer's cycle length, so that commits overwrite
/// an allocated WAL file instead of appending to an ever longer one, and nothing committed is lost on the way.</summary>
public sealed class WalCycleTests : SqliteStoreTestBase
{
    private const int Cycle = 256;

    private long WalBytes => new FileInfo(FilePath + "-wal").Length;

    [Fact]
    public async Task CommitAsync_ManyMoreFramesThanACycle_WalStartsOverAndStaysShort()
    {
        Store.Writer.Wal.CycleFrames = Cycle;
        var caseNumber = "L";
        await Store.CommitAsync(Some.Commit(caseNumber, 0));
        var longest = 0L;
        // Each commit writes a few pages (events, command key, case row, outbox): a few thousand frames in all, many cycles.
        for (var v = 1; v < 600; v++)
        {
            await Store.CommitAsync(Some.Commit(caseNumber, v, outbox: [Some.Message($"m{v}", caseNumber)]));
            longest = Math.Max(longest, WalBytes);
            // The rule keeps the WAL short while the background checkpointer keeps up; on a busy machine its thread may
            // get no CPU for a while, and the bound below would then measure the scheduler, not the rule: each commit
            // lets a requested pass finish first.
            while (Store.Writer.Checkpointer is { Idle: false }) await Task.Yield();
        }

        Assert.True(Store.Writer.Wal.CatchUpCount >= 2, $"the writer let the WAL start over {Store.Writer.Wal.CatchUpCount} times");
        // 1 KB pages plus a 24-byte frame header each: the WAL never held much more than a cycle and a catch-up.
        Assert.True(longest < (Cycle + Store.Writer.Wal.CatchUpFrames + 512) * 1048L, $"the WAL grew to {longest} bytes");
        Assert.Equal(600, (await Store.GetCaseAsync(caseNumber))!.Version);
        Assert.Equal(600, (await Store.ReadEventsAsync(caseNumber)).Count);
    }

    [Fact]
    public async Task CommitAsync_CycleOff_WalOnlyGrows()
    {
        // The same commits with the cycle out of reach: the WAL holds all of them (the behaviour the cycle replaces).
        Store.Writer.Wal.CycleFrames = int.MaxValue;
        await Store.CommitAsync(Some.Commit("G", 0));
        for (var v = 1; v < 300; v++) await Store.CommitAsync(Some.Commit("G", v, outbox: [Some.Message($"g{v}", "G")]));

        Assert.Equal(0, Store.Writer.Wal.CatchUpCount);
        Assert.True(WalBytes > 4 * Cycle * 1048L, $"the WAL has only {WalBytes} bytes");
    }

    [Fact]
    public async Task CommitAsync_SmallGroupsBetweenQueuedOnes_DoNotStartTheWalOver()
    {
        // A queue that drains now and then (runs of small groups shorter than SustainedGroups between larger ones) is
        // checkpointed by the writer's every-n rule: no catch-up, so no extra checkpoints.
        Store.Writer.Wal.CycleFrames = Cycle;
        var versions = new long[WalCycle.SmallGroup + 2];
        for (var round = 0; round < 30; round++)
        {
            var (gate, held) = await WriterHold.HoldAsync(Store);
            var queued = new List<Task>();
            for (var i = 0; i < versions.Length; i++)
                queued.Add(Store.CommitAsync(Some.Commit("Q" + i, versions[i]++, outbox: [Some.Message($"q{i}-{round}", "Q" + i)])));
            gate.SetResult();
            await held;
            await Task.WhenAll(queued);
            for (var k = 0; k < WalCycle.SustainedGroups / 2; k++)
                await Store.CommitAsync(Some.Commit("Q0", versions[0]++, outbox: [Some.Message($"s{round}-{k}", "Q0")]));
        }
        Assert.True(WalBytes > 4 * Cycle * 1048L, $"the WAL has only {WalBytes} bytes");
        Assert.Equal(0, Store.Writer.Wal.CatchUpCount);

        // Commits that keep coming one at a time do start it over.
        for (var k = 0; k < WalCycle.SustainedGroups + 200; k++) await Store.CommitAsync(Some.Commit("Q1", versions[1]++));
        Assert.True(Store.Writer.Wal.CatchUpCount >= 1, "the WAL never started over");
    }
}
