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
}
