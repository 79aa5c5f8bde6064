using System.Runtime.InteropServices;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Hooks;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>Records the engine builds compute their stored bytes on first read; the bytes equal the eager ones.</summary>
public class LazyRecordTests
{
    private static readonly DateTimeOffset At = new(2025, 9, 22, 1, 0, 0, TimeSpan.Zero);

    private static CaseEvent[] SomeEvents() =>
    [
        new CaseAccepted(),
        new TaskOpened("C-1/1", 0, 0, "clerk", "市政务服务中心", null, ["李四"]),
        new TaskDenied("C-1/1", "材料不全：缺少营业执照副本"),
        new TasksCancelled(["C-1/2", "C-1/3"], "veto"),
        new CaseDecided(CaseOutcome.Denied, "不予许可", ByFlow: true, TasksIncomplete: false),
    ];

    /// <summary>A lazy chain after <paramref name="head"/> (bytes), each record following the previous one.</summary>
    private static EventRecord[] LazyChain(CaseEvent[] events, byte[] head, long first)
    {
        var link = new ChainLink(null, head);
        var records = new EventRecord[events.Length];
        for (var i = 0; i < events.Length; i++)
        {
            records[i] = new EventRecord("C-1", first + i, At.AddMinutes(i), "张三", "key-" + i, events[i], link);
            link = new ChainLink(records[i], default);
        }
        return records;
    }

    [Fact]
    public void Payload_LazyRecord_EqualsEagerSerialization()
    {
        var events = SomeEvents();
        var records = LazyChain(events, [], 1);
        for (var i = 0; i < events.Length; i++)
        {
            Assert.True(records[i].IsPending);
            Assert.Equal(events[i].TypeName, records[i].Type);
            Assert.Equal(JsonBytes.SerializeEvent(events[i]), records[i].Payload.ToArray());
            // Cached: the same array on every read.
            Assert.True(records[i].Payload.Equals(records[i].Payload));
        }
    }

    [Fact]
    public void Hash_LastRecordReadFirst_EqualsEagerChainAfterAStoredHead()
    {
        var head = Enumerable.Range(1, HashChain.HashSize).Select(b => (byte)b).ToArray();
        var events = SomeEvents();
        var records = LazyChain(events, head, 7);

        // Reading the newest link first links the whole pending chain, oldest first.
        var last = records[^1].Hash.ToArray();

        var previous = head;
        for (var i = 0; i < events.Length; i++)
        {
            var payload = JsonBytes.SerializeEvent(events[i]);
            var link = HashChain.Link(previous, "C-1", 7 + i, events[i].TypeName, At.AddMinutes(i), "张三", "key-" + i, payload);
            Assert.Equal(link, records[i].Hash.ToArray());
            Assert.False(records[i].IsPending);
            previous = link;
        }
        Assert.Equal(previous, last);
    }

    [Fact]
    public void Hash_ThousandsOfPendingRecords_LinksWithoutDeepRecursion()
    {
        var events = Enumerable.Range(0, 20_000).Select(i => (CaseEvent)new TaskClaimed("C-1/" + i)).ToArray();
        var records = LazyChain(events, [], 1);
        var last = records[^1].Hash;
        Assert.Equal(HashChain.Link(records[^2].Hash.Span, records[^1]), last.ToArray());
        Assert.Equal(HashChain.Link([], records[0]), records[0].Hash.ToArray());
    }

    [Fact]
    public void Hash_ReadFromManyThreadsAtOnce_GivesTheEagerLinksEverywhere()
    {
        var events = Enumerable.Range(0, 2_000).Select(i => (CaseEvent)new TaskCommented("C-1/1", "意见 " + i)).ToArray();
        var expected = new byte[events.Length][];
        var previous = Array.Empty<byte>();
        for (var i = 0; i < events.Length; i++)
        {
            expected[i] = HashChain.Link(previous, "C-1", 1 + i, events[i].TypeName, At.AddMinutes(i), "张三", "key-" + i, JsonBytes.SerializeEvent(events[i]));
            previous = expected[i];
        }
        for (var round = 0; round < 5; round++)
        {
            var records = LazyChain(events, [], 1);
            // Readers start from different places of the same pending chain and race to link it.
            Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 4 }, t =>
            {
                var start = records.Length - 1 - t * 97;
                for (var i = start; i >= 0; i -= 211) Assert.Equal(expected[i], records[i].Hash.ToArray());
            });
            for (var i = 0; i < records.Length; i++) Assert.Equal(expected[i], records[i].Hash.ToArray());
        }
    }

    [Fact]
    public void With_PendingRecordEdited_KeepsTheOriginalLinkSoTheEditIsFound()
    {
        var records = LazyChain(SomeEvents(), [], 1);
        var edited = records[1] with { Payload = "{\"type\":\"task.opened.v1\"}"u8.ToArray() };
        Assert.False(edited.IsPending);
        Assert.Equal(records[1].Hash.ToArray(), edited.Hash.ToArray());

        var chain = new CaseChain("C-1", true, records.Length, records[^1].Hash, [records[0], edited, .. records[2..]]);
        var findings = new List<TamperFinding>();
        RecordVerifier.Verify(chain, findings);
        var finding = Assert.Single(findings);
        Assert.Equal((TamperKind.Edited, (long?)2), (finding.Kind, finding.Sequence));
    }

    [Fact]
    public void Equals_RecordAndItsCopy_AreEqualByValue()
    {
        var record = LazyChain(SomeEvents(), [], 1)[2];
        var copy = record with { };
        Assert.Equal(record, copy);
        Assert.Equal(record.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(record, copy with { Actor = "李四" });
    }

    [Fact]
    public void Payload_EagerRecordOverASliceOrEmpty_ReturnsTheGivenBytes()
    {
        var buffer = "xx{\"type\":\"case.accepted.v1\"}yy"u8.ToArray();
        var slice = buffer.AsMemory(2, buffer.Length - 4);
        var record = new EventRecord("C-1", 1, "case.accepted.v1", At, "张三", "k", slice, ReadOnlyMemory<byte>.Empty);
        Assert.Equal(slice.ToArray(), record.Payload.ToArray());
        Assert.True(record.Hash.IsEmpty);
        Assert.False(record.IsPending);
        var copy = record with { Actor = "李四" };
        Assert.Equal(slice.ToArray(), copy.Payload.ToArray());
        Assert.True(copy.Hash.IsEmpty);
        var whole = new EventRecord("C-1", 1, "case.accepted.v1", At, "张三", "k", buffer, new byte[32]);
        Assert.True(MemoryMarshal.TryGetArray(whole.Payload, out var segment) && ReferenceEquals(segment.Array, buffer));
        Assert.Equal(32, whole.Hash.Length);
    }

    [Fact]
    public void CommandRecord_LazyResult_EqualsEagerSerialization()
    {
        var result = new CommandResult("C-1", 12, CaseState.InProgress, null, 3, ["C-1/4", "C-1/5"]);
        var record = new CommandRecord("key-1", result);
        Assert.Equal("C-1", record.CaseNumber);
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), record.Result.ToArray());
        Assert.Equal(record.Result.ToArray(), (record with { }).Result.ToArray());
    }

    [Fact]
    public void OutboxMessage_LazyPayload_EqualsEagerSerialization()
    {
        var notice = new Notification
        {
            Kind = NotificationKind.CorrectionNotice, CaseNumber = "C-1", ItemCode = "000100000001", ItemName = "民办学校办学许可",
            Applicant = "张三", At = At, Reason = "请补正",
        };
        var message = new OutboxMessage("C-1:3:0", "C-1", "notification", "CorrectionNotice", notice, EngineJsonContext.Default.Notification, At);
        var eager = JsonBytes.Serialize(notice, EngineJsonContext.Default.Notification);
        Assert.Equal(eager, message.Payload.ToArray());
        Assert.Equal(new OutboxMessage("C-1:3:0", "C-1", "notification", "CorrectionNotice", eager, At) with { Payload = message.Payload }, message);
    }

    [Fact]
    public async Task Submit_ResultAndItsIdempotencyRecord_CannotBeChangedByTheCaller()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        var result = await host.Engine.ExecuteAsync(new Suspend(n, "window", "same-key", OneStop.Definitions.Flow.SpecialProcedureKind.Hearing, "听证"));
        Assert.False(result.OpenTaskIds is string[]);
        var repeat = await host.Engine.ExecuteAsync(new Suspend(n, "window", "same-key", OneStop.Definitions.Flow.SpecialProcedureKind.Hearing, "听证"));
        Assert.True(repeat.Repeated);
        Assert.Equal(result.OpenTaskIds, repeat.OpenTaskIds);
        Assert.Equal(result with { Repeated = true, OpenTaskIds = repeat.OpenTaskIds }, repeat);
    }

    [Fact]
    public async Task Commit_InMemoryStore_ComputesNothingUntilRead()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        var events = await host.Store.ReadEventsAsync(n);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.True(e.IsPending));

        // Verification reads (and so computes) every link: intact, and equal to an eager re-link.
        Assert.True((await host.Engine.VerifyCaseAsync(n)).IsIntact);
        ReadOnlySpan<byte> previous = [];
        foreach (var e in events)
        {
            Assert.Equal(HashChain.Link(previous, e), e.Hash.ToArray());
            previous = e.Hash.Span;
        }
        Assert.Equal(previous.ToArray(), (await host.Store.GetCaseAsync(n))!.ChainHead.ToArray());
    }
}
