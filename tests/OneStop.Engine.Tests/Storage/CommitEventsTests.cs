using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>An engine commit's events as one list: records built only when indexed (all at once, one chain), and read
/// directly by the in-memory store.</summary>
public class CommitEventsTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);

    private static CaseEvent[] SomeEvents(int n) =>
        [.. Enumerable.Range(0, n).Select(i => i % 2 == 0 ? (CaseEvent)new TaskCommented("A/1", "意见 " + i) : NodeStarted.Of(i))];

    private static CommitEvents Events(long first, int n, ChainLink previous, string key = "k") =>
        new("A", first, At, "张三", key, SomeEvents(n), previous);

    private static List<byte[]> EagerLinks(IReadOnlyList<EventRecord> records, byte[] head)
    {
        var links = new List<byte[]>();
        foreach (var r in records)
        {
            head = HashChain.Link(head, r.CaseNumber, r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, JsonBytes.SerializeEvent(r.Event!));
            links.Add(head);
        }
        return links;
    }

    [Fact]
    public void Index_ReadTwiceOrFromManyThreads_BuildsOneChainOfEqualRecords()
    {
        var head = Enumerable.Repeat((byte)3, HashChain.HashSize).ToArray();
        var events = Events(5, 6, new ChainLink(null, head));
        var seen = new EventRecord[8][];
        Parallel.For(0, seen.Length, t => seen[t] = [.. events]);

        Assert.All(seen, s => Assert.True(seen[0].Zip(s).All(p => ReferenceEquals(p.First, p.Second))));
        Assert.Same(events[5], events.LastRecord);
        var expected = EagerLinks(seen[0], head);
        for (var i = 0; i < events.Count; i++)
        {
            Assert.Equal((5L + i, "A", "张三", "k", At), (events[i].Sequence, events[i].CaseNumber, events[i].Actor, events[i].CommandKey, events[i].At));
            Assert.Equal(expected[i], events[i].Hash.ToArray());
        }
        Assert.Equal(expected[^1], new ChainLink(events, default, 10).Hash.ToArray());
    }

    [Fact]
    public async Task Commit_SingleEventCommits_KeepTheirEventAndChainLikeLongerOnes()
    {
        var store = new InMemoryCaseStore();
        var first = Events(1, 2, default, "k1");
        await store.CommitAsync(Some.Commit("A", 0, record: Some.Case("A", 2) with { Head = new ChainLink(first, default, 2) }) with { Events = first });
        var singles = new List<CommitEvents>();
        for (var v = 2; v < 5; v++)
        {
            var one = Events(v + 1, 1, store.GetCaseRow("A")!.Head, "s" + v);
            Assert.Single(one);
            Assert.Equal(1, one.Events.Length);
            singles.Add(one);
            await store.CommitAsync(Some.Commit("A", v, record: Some.Case("A", v + 1) with { Head = new ChainLink(one, default, v + 1) }) with { Events = one });
        }

        var read = await store.ReadEventsAsync("A");
        var expected = EagerLinks([.. first, .. singles.SelectMany(e => e)], []);
        Assert.Equal(expected, read.Select(r => r.Hash.ToArray()));
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, read.Select(r => r.Sequence));
        Assert.Equal(new[] { "k1", "k1", "s2", "s3", "s4" }, read.Select(r => r.CommandKey));
        // Indexed, a single-event list gives its one record, the same object every time.
        Assert.Same(singles[2][0], singles[2].LastRecord);
        Assert.IsType<TaskCommented>(singles[2][0].Event);
        Assert.Equal(expected[^1], singles[2][0].Hash.ToArray());
    }

    [Fact]
    public async Task Commit_EngineEventsFollowingTheStore_AreReadWithoutBuildingRecordsAndChainAcrossCommits()
    {
        var store = new InMemoryCaseStore();
        var first = Events(1, 3, default, "k1");
        var row1 = Some.Case("A", 3) with { Head = new ChainLink(first, default, 3) };
        await store.CommitAsync(Some.Commit("A", 0, record: row1) with { Events = first });
        // The next command follows the head of the row it read: the store's log.
        var head = store.GetCaseRow("A")!.Head;
        Assert.IsAssignableFrom<InMemoryEventLog>(head.Pending);
        var second = Events(4, 2, head, "k2");
        await store.CommitAsync(Some.Commit("A", 3, record: Some.Case("A", 5) with { Head = new ChainLink(second, default, 5) }) with { Events = second });

        var read = await store.ReadEventsAsync("A");
        // The records the engine would have built are equal to what the store gives back.
        var expected = EagerLinks([.. first, .. second], []);
        Assert.Equal(expected, read.Select(r => r.Hash.ToArray()));
        Assert.Equal(expected[^1], (await store.GetCaseAsync("A"))!.ChainHead.ToArray());
        Assert.Equal(expected[1], first[1].Hash.ToArray());
        Assert.Equal(expected[4], second[1].Hash.ToArray());
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, read.Select(r => r.Sequence));
        Assert.Equal(new[] { "k1", "k1", "k1", "k2", "k2" }, read.Select(r => r.CommandKey));
    }

    [Fact]
    public async Task Commit_EngineEventsAfterAForeignHead_AreKeptAsRecordsWithTheirOwnLinks()
    {
        var store = new InMemoryCaseStore();
        await store.CommitAsync(Some.Commit("A", 0));
        var foreign = Enumerable.Repeat((byte)9, HashChain.HashSize).ToArray();
        var events = Events(2, 2, new ChainLink(null, foreign), "k2");
        await store.CommitAsync(Some.Commit("A", 1, record: Some.Case("A", 3)) with { Events = events });

        var read = await store.ReadEventsAsync("A", 1);
        Assert.Same(events[0], read[0]);
        Assert.Equal(EagerLinks(events, foreign), read.Select(r => r.Hash.ToArray()));
    }

    [Fact]
    public async Task Commit_EngineEventsWithAWrongFirstSequenceOrCase_AreRefused()
    {
        var store = new InMemoryCaseStore();
        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(Some.Commit("A", 0, record: Some.Case("A", 2)) with { Events = Events(2, 2, default) }));
        await Assert.ThrowsAsync<ArgumentException>(() => store.CommitAsync(Some.Commit("B", 0, record: Some.Case("B", 2)) with { Events = Events(1, 2, default) }));
        Assert.Null(store.GetCaseRow("A"));
        Assert.Null(store.GetCaseRow("B"));
    }
}
