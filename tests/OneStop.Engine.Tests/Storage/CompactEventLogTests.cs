using System.Runtime.CompilerServices;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory log keeps records the engine built for it as compact events (no record object per event) and
/// rebuilds equal records, with equal payloads and links, when read.</summary>
public class CompactEventLogTests
{
    private const string Case = "C-9";
    private static readonly DateTimeOffset At = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);

    private static CaseEvent EventAt(int i) => (i % 4) switch
    {
        0 => new TaskCommented("C-9/1", "意见 " + i),
        1 => NodeStarted.Of(i % 7),
        2 => new TaskOpened("C-9/" + i, 1, 0, "clerk", "市政务服务中心", null, null),
        _ => new TaskApproved("C-9/" + i, i % 8 == 3 ? null : "同意"),
    };

    /// <summary>A commit of <paramref name="count"/> lazily built records after <paramref name="head"/>, as the engine builds it.</summary>
    private static EventRecord[] Commit(long first, int count, ChainLink head, int commit)
    {
        var records = new EventRecord[count];
        for (var i = 0; i < count; i++)
        {
            records[i] = new EventRecord(Case, first + i, At.AddMinutes(commit), "张三", "key-" + commit, EventAt((int)first + i), head);
            head = new ChainLink(records[i], default);
        }
        return records;
    }

    /// <summary>The payloads and links an eager commit path computes for <paramref name="records"/> after <paramref name="head"/>.</summary>
    private static List<(byte[] Payload, byte[] Hash)> Eager(IEnumerable<EventRecord> records, byte[] head)
    {
        var result = new List<(byte[], byte[])>();
        foreach (var r in records)
        {
            var payload = r.Event is { } e ? JsonBytes.SerializeEvent(e) : r.Payload.ToArray();
            head = HashChain.Link(head, r.CaseNumber, r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, payload);
            result.Add((payload, head));
        }
        return result;
    }

    [Fact]
    public void AddRange_EngineBuiltCommits_KeepsNoRecordAndRebuildsEqualOnes()
    {
        var log = new InMemoryEventLog();
        var all = new List<EventRecord>();
        ChainLink head = default;
        for (var c = 0; c < 40; c++)
        {
            var records = Commit(all.Count + 1, 1 + c % 5, head, c);
            // Payloads computed before the log sees them (the records stay pending).
            Assert.True(log.AddRange(records));
            all.AddRange(records);
            Assert.Equal(all.Count, log.Count);
            // The next commit follows the log itself, as it does after reading the row the store points at the log.
            head = new ChainLink(log, default, log.Count);
        }
        var expected = Eager(all, []);

        var read = log.GetRange(0, log.Count);
        for (var i = 0; i < all.Count; i++)
        {
            Assert.NotSame(all[i], read[i]);
            Assert.Equal((all[i].Sequence, all[i].Type, all[i].At, all[i].Actor, all[i].CommandKey), (read[i].Sequence, read[i].Type, read[i].At, read[i].Actor, read[i].CommandKey));
            Assert.Equal(expected[i].Payload, read[i].Payload.ToArray());
            Assert.Equal(expected[i].Hash, read[i].Hash.ToArray());
            Assert.Equal(expected[i].Hash, log.LinkAt(i + 1).ToArray());
            // The records the engine kept compute the same links through the log's own.
            Assert.Equal(expected[i].Hash, all[i].Hash.ToArray());
        }
        Assert.Equal(expected[^1].Hash, head.Hash.ToArray());
        // A range from the middle follows the log's link before it.
        var tail = log.GetRange(50, 10);
        for (var i = 0; i < tail.Length; i++) Assert.Equal(expected[50 + i].Hash, tail[i].Hash.ToArray());
        Assert.True(log.LinkAt(0).IsEmpty);
    }

    [Fact]
    public void AddRange_CommitNotFollowingTheLog_IsKeptAsGiven()
    {
        var log = new InMemoryEventLog();
        var first = Commit(1, 3, default, 0);
        Assert.True(log.AddRange(first));
        // A commit that follows a head of its own (stored bytes), not the log's last event, cannot be vouched for.
        var foreignHead = Enumerable.Repeat((byte)7, HashChain.HashSize).ToArray();
        var second = Commit(4, 2, new ChainLink(null, foreignHead), 1);

        // Its first record is kept; the next one follows that kept record, so it is compact again.
        Assert.True(log.AddRange(second));

        Assert.Same(second[0], log[3]);
        Assert.NotSame(second[1], log[4]);
        Assert.Equal(Eager(second, foreignHead)[1].Payload, log[4].Payload.ToArray());
        Assert.Equal(Eager(second, foreignHead).Select(e => e.Hash), [log.LinkAt(4).ToArray(), log.LinkAt(5).ToArray()]);
        Assert.Equal(Eager(first, []).Select(e => e.Hash), [log.LinkAt(1).ToArray(), log.LinkAt(2).ToArray(), log.LinkAt(3).ToArray()]);
    }

    [Fact]
    public void AddRange_CompactAfterKeptRecords_ChainsOnTheKeptLinks()
    {
        var log = new InMemoryEventLog();
        var stored = Eager(Commit(1, 3, default, 0), []);
        // Records with stored bytes (as read back from a durable store) are kept as they are.
        var kept = Commit(1, 3, default, 0).Select((r, i) => new EventRecord(Case, r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, stored[i].Payload, stored[i].Hash)).ToArray();
        Assert.False(log.AddRange(kept));
        var next = Commit(4, 4, new ChainLink(kept[^1], default), 1);

        Assert.True(log.AddRange(next));

        Assert.Same(kept[2], log[2]);
        Assert.NotSame(next[0], log[3]);
        var expected = Eager(next, stored[^1].Hash);
        Assert.Equal(expected[^1].Hash, new ChainLink(log, default, log.Count).Hash.ToArray());
        for (var i = 0; i < next.Length; i++) Assert.Equal(expected[i].Hash, log[3 + i].Hash.ToArray());
    }

    [Fact]
    public void AddRange_CompactCommit_LetsTheRecordsBeCollected()
    {
        var log = new InMemoryEventLog();
        var weak = CommitAndForget(log);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(weak, w => Assert.False(w.TryGetTarget(out _)));
        // The log still answers with the same bytes.
        Assert.Equal(HashChain.HashSize, log.LinkAt(8).Length);
        Assert.Equal(8, log.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<EventRecord>[] CommitAndForget(InMemoryEventLog log)
    {
        var records = Commit(1, 8, default, 0);
        Assert.True(log.AddRange(records));
        return [.. records.Select(r => new WeakReference<EventRecord>(r))];
    }

    [Fact]
    public async Task LinkAt_ReadWhileCommitsAreAppended_GivesTheEagerLinks()
    {
        var gate = new Lock();
        var log = new InMemoryEventLog(null, gate);
        var commits = new List<EventRecord[]>();
        ChainLink head = default;
        var next = 1;
        for (var c = 0; c < 300; c++)
        {
            var records = Commit(next, 1 + c % 4, head, c);
            commits.Add(records);
            next += records.Length;
            head = new ChainLink(records[^1], default);
        }
        // The expected links, computed from events alone before anything is appended.
        var expected = Eager(commits.SelectMany(r => r), []).Select(e => e.Hash).ToArray();
        // Rebuild the commits so each one follows the log (as the engine does after reading the row's head).
        var compact = new bool[commits.Count];
        var writer = Task.Run(() =>
        {
            ChainLink h = default;
            var first = 1;
            for (var c = 0; c < commits.Count; c++)
            {
                var records = Commit(first, commits[c].Length, h, c);
                lock (gate) compact[c] = log.AddRange(records);
                first += records.Length;
                h = new ChainLink(log, default, first - 1);
            }
        });
        var readers = Enumerable.Range(0, 3).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            while (!writer.IsCompleted)
            {
                int count;
                lock (gate) count = log.Count;
                if (count == 0) continue;
                var sequence = random.Next(1, count + 1);
                Assert.Equal(expected[sequence - 1], log.LinkAt(sequence).ToArray());
            }
        })).ToArray();
        await Task.WhenAll([writer, .. readers]);

        Assert.All(compact, Assert.True);
        for (var i = 0; i < expected.Length; i++) Assert.Equal(expected[i], log.LinkAt(i + 1).ToArray());
    }
}
