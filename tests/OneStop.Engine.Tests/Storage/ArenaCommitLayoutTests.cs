using System.Runtime.CompilerServices;
using OneStop.Engine.Events;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The event arena's commit record: 64 bytes, without a count (a commit's events run up to the next commit's
/// first) and with its key's place in four bytes; every place and count reads back exactly.</summary>
public sealed class ArenaCommitLayoutTests
{
    [Fact]
    public void Commit_Is64Bytes()
    {
        // One per command ever committed: the largest part of what a growing store keeps per case (72 bytes before).
        Assert.Equal(64, Unsafe.SizeOf<InMemoryEventArena.Commit>());
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(0, 32_767)]
    [InlineData(1, 2)]
    [InlineData(65_533, 32_767)]
    [InlineData(65_534, 0)]
    [InlineData(65_534, 32_767)]
    [InlineData(65_535, 0)]
    [InlineData(1_000_000, 12_345)]
    [InlineData(int.MaxValue - 1, 32_767)]
    public void KeyText_Compact_RoundTripsEveryPlace(int chunk, int start)
    {
        var keys = new KeyText();
        var other = new TextRef(3, 4);
        var place = new TextRef(chunk, start);
        var compact = keys.Compact(place);
        // A far place (past 65,535 chunks) is listed; the next one gets its own number.
        var second = keys.Compact(other);

        Assert.True(keys.Expand(compact).SamePlace(place), $"{chunk}/{start} -> {compact}");
        Assert.True(keys.Expand(second).SamePlace(other));
        Assert.Equal(chunk >= ushort.MaxValue, compact < 0);
        Assert.Equal(0, keys.Compact(default));
        Assert.True(keys.Expand(0).IsNone);
    }

    [Fact]
    public void KeyText_Compact_NamesTheTextsItWasGiven()
    {
        var keys = new KeyText();
        var texts = Enumerable.Range(0, 20_000).Select(i => i % 7 == 0 ? "键" + i : "k" + new string('x', i % 50) + i).ToArray();
        var places = texts.Select(t => keys.Compact(keys.Add(t))).ToArray();
        for (var i = 0; i < texts.Length; i++) Assert.Equal(texts[i], keys.Text(keys.Expand(places[i])));
    }

    [Fact]
    public void CountOf_IsEachCommitsEvents_InterleavedLogsAndTheLastCommit()
    {
        var arena = new InMemoryEventArena();
        var sizes = Enumerable.Range(0, 3_000).Select(i => 1 + (i * 7 % 11)).ToArray();
        var previous = new int[3];
        Array.Fill(previous, -1);
        var indexes = new List<int>();
        for (var c = 0; c < sizes.Length; c++)
        {
            arena.BeginCommit();
            var caseNumber = "C" + (c % 3);
            var first = arena.AddEvent(new TaskCommented(caseNumber + "/1", "c" + c), caseNumber);
            for (var k = 1; k < sizes[c]; k++) arena.AddEvent(new TaskCommented(caseNumber + "/1", "c" + c + "." + k), caseNumber);
            indexes.Add(previous[c % 3] = arena.AddCommit(new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, "张三", first, previous[c % 3]), arena.Keys.Add("k" + c)));
            // The last commit's count is right before the next commit starts, and after.
            Assert.Equal(sizes[c], arena.CountOf(indexes[^1]));
        }
        for (var c = 0; c < sizes.Length; c++)
        {
            Assert.Equal(sizes[c], arena.CountOf(indexes[c]));
            Assert.Equal("k" + c, arena.CommandKeyOf(arena.CommitAt(indexes[c])));
            Assert.True(arena.KeyOf(indexes[c]).SamePlace(arena.CommandKeyAt(arena.CommitAt(indexes[c]))));
        }
    }

    [Fact]
    public void BeginCommit_DropsItemsAFailedAppendLeft_SoTheLastCommitKeepsItsCount()
    {
        var arena = new InMemoryEventArena();
        arena.BeginCommit();
        var first = arena.AddEvent(new TaskCommented("C1/1", "a"), "C1");
        arena.AddEvent(new TaskCommented("C1/1", "b"), "C1");
        var one = arena.AddCommit(new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, "张三", first, -1), arena.Keys.Add("k1"));
        // An append that failed before its commit: its items are not the last commit's.
        arena.AddEvent(new TaskCommented("C2/1", "orphan"), "C2");
        Assert.Equal(2, arena.CountOf(one));
        // A commit must start where the last one ended.
        Assert.Throws<InvalidOperationException>(() => arena.AddCommit(new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, "李四", first + 3, -1), default));
        arena.BeginCommit();
        var next = arena.AddEvent(new TaskCommented("C2/1", "c"), "C2");
        Assert.Equal(first + 2, next);
        var two = arena.AddCommit(new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, "李四", next, -1), default);
        Assert.Equal((2, 1), (arena.CountOf(one), arena.CountOf(two)));
        Assert.Equal(new TaskCommented("C2/1", "c"), arena.Item(next, two, "C2"));
        Assert.Null(arena.CommandKeyOf(arena.CommitAt(two)));
        // No commit without events.
        arena.BeginCommit();
        Assert.Throws<InvalidOperationException>(() => arena.AddCommit(new InMemoryEventArena.Commit(DateTimeOffset.UnixEpoch, "李四", next + 1, two), default));
    }
}
