using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

public class InMemoryEventLogTests
{
    private static EventRecord Event(long sequence) =>
        new("C-1", sequence, "task.claimed.v1", new DateTimeOffset(2025, 9, 22, 1, 0, 0, TimeSpan.Zero), "张三", "k" + sequence, new byte[] { 1 }, default);

    [Fact]
    public void AddRange_AcrossEveryChunkBoundary_KeepsOrderAndRanges()
    {
        var log = new InMemoryEventLog();
        var all = new List<EventRecord>();
        var random = new Random(7);
        // Batches of varying size past the growing chunks (8 … 1 024, 2 040 records) into the fixed ones.
        while (all.Count < 5_000)
        {
            var batch = Enumerable.Range(all.Count + 1, random.Next(1, 40)).Select(s => Event(s)).ToArray();
            log.AddRange(batch);
            all.AddRange(batch);
            Assert.Equal(all.Count, log.Count);
        }
        for (var i = 0; i < all.Count; i++) Assert.Same(all[i], log[i]);
        Assert.Equal(all, log);
        foreach (var (start, count) in new[] { (0, 0), (0, 8), (7, 2), (8, 16), (20, 3000), (2039, 2), (2040, 1024), (4000, all.Count - 4000), (all.Count, 0) })
            Assert.Equal(all.GetRange(start, count), log.GetRange(start, count));
        Assert.Throws<ArgumentOutOfRangeException>(() => log[all.Count]);
        Assert.Throws<ArgumentOutOfRangeException>(() => log.GetRange(all.Count - 1, 2));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(480)]
    [InlineData(-330)]
    [InlineData(840)]
    [InlineData(-840)]
    public void ArenaCommit_KeepsTheTimeExactly_OffsetIncluded(int offsetMinutes)
    {
        var at = new DateTimeOffset(2025, 9, 22, 9, 30, 15, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(1_234_567);
        var arena = new InMemoryEventArena();
        arena.AddEvent(new Events.TaskCommented("C1/1", "意见"), "C1");
        var index = arena.AddCommit(new InMemoryEventArena.Commit(at, "张三", 0, 2).WithOutbox(int.MaxValue - 7, 7), arena.Keys.Add("k1"));
        var commit = arena.CommitAt(index);

        Assert.Equal(at, commit.At);
        Assert.Equal(at.Offset, commit.At.Offset);
        Assert.Equal(at.ToString("O"), commit.At.ToString("O"));
        Assert.Equal(("张三", "k1", 0, 1, 2, (long)int.MaxValue - 7, 7), (commit.Actor, arena.CommandKeyOf(commit), commit.First, arena.CountOf(index), commit.Previous, commit.OutboxStart, commit.OutboxCount));
    }

    [Fact]
    public void ArenaCommit_OutboxRange_FitsAnIntStartAndAUshortCount()
    {
        Assert.True(InMemoryEventArena.Commit.FitsOutbox(0, ushort.MaxValue));
        Assert.False(InMemoryEventArena.Commit.FitsOutbox(0, ushort.MaxValue + 1));
        Assert.True(InMemoryEventArena.Commit.FitsOutbox(int.MaxValue - 3, 3));
        Assert.False(InMemoryEventArena.Commit.FitsOutbox(int.MaxValue - 3, 4));
        Assert.Throws<OverflowException>(() => new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, null, 0, -1).WithOutbox(int.MaxValue, 1 << 16));
    }
}
