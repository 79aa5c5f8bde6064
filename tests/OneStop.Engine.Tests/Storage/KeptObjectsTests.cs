using System.Runtime.CompilerServices;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store keeps some of what the engine commits without the objects it was given (an approval
/// without opinion as its task id, an engine notice as its shared parts), so the collector has fewer objects to mark
/// and promote per case; what is read back is equal, with the same bytes.</summary>
public sealed class KeptObjectsTests
{
    private static readonly DateTimeOffset At = Some.T0.AddHours(1);
    private static readonly NoticeCase Columns = new("C1", "000201005000", "企业开办", "张三");
    private static readonly SeatColumns Seat = new("intake", "window", "市政务服务中心");

    /// <summary>A store with case C1 at version 1, committed by the engine's path (so the next commit follows the log).</summary>
    private static InMemoryCaseStore NewStore()
    {
        var store = new InMemoryCaseStore();
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 1)), 0, [new TaskCommented("C1/1", "收件")], Some.T0, "张三", default, [], [], "k1",
            new CommandResult("C1", 1, CaseState.Submitted, null, 1, []), null, [], []);
        return store;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference<CaseEvent> Bare, WeakReference<CaseEvent> WithOpinion) CommitApprovals(InMemoryCaseStore store)
    {
        // Task ids built at run time: the store may keep them, the events must not stay reachable through them.
        CaseEvent bare = new TaskApproved(string.Concat("C1/", "1"), null);
        CaseEvent withOpinion = new TaskApproved(string.Concat("C1/", "2"), "同意");
        var result = new CommandResult("C1", 3, CaseState.InProgress, null, 2, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 3)), 1, [bare, withOpinion], At, "张三", store.GetCaseRow("C1")!.Head, [], [], "k2", result, null, [], []);
        return (new WeakReference<CaseEvent>(bare), new WeakReference<CaseEvent>(withOpinion));
    }

    [Fact]
    public async Task CommitEngine_ApprovalWithoutOpinion_KeepsNoEventObject_AndReadsBackTheSameBytes()
    {
        var store = NewStore();
        var (bare, withOpinion) = CommitApprovals(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(bare.TryGetTarget(out _));
        // An approval with an opinion is kept as given.
        Assert.True(withOpinion.TryGetTarget(out _));
        var read = await store.ReadEventsAsync("C1", afterSequence: 1);
        Assert.Equal([TaskApproved.Name, TaskApproved.Name], read.Select(r => r.Type));
        Assert.Equal(JsonBytes.SerializeEvent(new TaskApproved("C1/1", null)), read[0].Payload.ToArray());
        Assert.Equal(JsonBytes.SerializeEvent(new TaskApproved("C1/2", "同意")), read[1].Payload.ToArray());
        Assert.Equal(read[1].Hash.ToArray(), store.GetCaseRow("C1")!.Head.Hash.ToArray());
    }

    /// <summary>A notice with the engine's shared parts, and one filled by its initializers (parts of its own).</summary>
    private static (Notification Shared, Notification Own) Notices() =>
        (new Notification(NotificationKind.TaskAssigned, Columns, At, string.Concat("C1/", "1"), Seat, null),
         new Notification { Kind = NotificationKind.Receipt, CaseNumber = "C1", ItemCode = "000201005000", At = At, Reason = "收件" });

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (WeakReference<Notification> Shared, WeakReference<Notification> Own) CommitNotices(InMemoryCaseStore store)
    {
        var (shared, own) = Notices();
        OutboxItem[] outbox =
        [
            new(Channels.Notification, "TaskAssigned", shared, EngineJsonContext.Default.Notification),
            new(Channels.Notification, "Receipt", own, EngineJsonContext.Default.Notification),
        ];
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], At, "张三", store.GetCaseRow("C1")!.Head, [], outbox, "k2", result, null, [], []);
        return (new WeakReference<Notification>(shared), new WeakReference<Notification>(own));
    }

    [Fact]
    public async Task CommitEngine_NoticeWithSharedParts_KeepsNoNoticeObject_AndReadsBackAnEqualOne()
    {
        var store = NewStore();
        var (shared, own) = CommitNotices(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.False(shared.TryGetTarget(out _));
        // A notice with parts of its own is kept as given.
        Assert.True(own.TryGetTarget(out _));
        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        var (expectedShared, expectedOwn) = Notices();
        Assert.Equal(["C1:2:0", "C1:2:1"], pending.Select(p => p.Message.MessageId));
        Assert.Equal(expectedShared, pending[0].Message.Content.Value);
        Assert.Equal(expectedOwn, pending[1].Message.Content.Value);
        Assert.Equal(JsonBytes.Serialize(expectedShared, EngineJsonContext.Default.Notification), pending[0].Message.Payload.ToArray());
        Assert.Equal((At, "TaskAssigned", "C1"), (pending[0].Message.CreatedAt, pending[0].Message.Type, pending[0].Message.CaseNumber));
    }

    [Fact]
    public async Task CommitEngine_NoticeAsParts_ReadsBackTheNoticeTheEngineBuiltBefore()
    {
        // The engine's usual notices come as parts (no notice object is made for the in-memory store); the store keeps
        // the same slot it kept for the notice, and reads back an equal notice, bytes included.
        var store = NewStore();
        var parts = new NoticeParts(NotificationKind.TaskAssigned, Columns, "C1/1", Seat, "李四", null);
        var decision = new NoticeParts(NotificationKind.Decision, Columns, null, null, null, Notification.OutcomeExtras(CaseOutcome.Approved));
        OutboxItem[] outbox =
        [
            new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification) { Notice = parts },
            new(Channels.Notification, "Decision", Columns, EngineJsonContext.Default.Notification) { Notice = decision },
        ];
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], At, "张三", store.GetCaseRow("C1")!.Head, [], outbox, "k2", result, null, [], []);

        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        var expected = new Notification(NotificationKind.TaskAssigned, Columns, At, "C1/1", Seat, "李四");
        var expectedDecision = new Notification(NotificationKind.Decision, Columns, At) { Extras = (null, CaseOutcome.Approved, null, null, null, null, null) };
        Assert.Equal(expected, pending[0].Message.Content.Value);
        Assert.Equal(expectedDecision, pending[1].Message.Content.Value);
        Assert.Equal(JsonBytes.Serialize(expected, EngineJsonContext.Default.Notification), pending[0].Message.Payload.ToArray());
        Assert.Equal(JsonBytes.Serialize(expectedDecision, EngineJsonContext.Default.Notification), pending[1].Message.Payload.ToArray());
        Assert.Equal(expected, outbox[0].ValueAt(At));
    }

    [Fact]
    public async Task CommitEngine_NoticeAsPartsOfItsOwn_IsKeptAsTheBuiltNotice()
    {
        // A part that is not shared (a step filled by a notice's initializers) cannot go into a shared kind: the store
        // keeps the notice built from the parts, equal to the one the parts give.
        var store = NewStore();
        var own = SeatColumns.OwnedBy(new object(), "intake", "window", "市政务服务中心");
        var parts = new NoticeParts(NotificationKind.TaskAssigned, Columns, "C1/1", own, "李四", null);
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], At, "张三", store.GetCaseRow("C1")!.Head, [],
            [new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification) { Notice = parts }], "k2", result, null, [], []);

        var message = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10))[0].Message;
        Assert.Equal(new Notification(NotificationKind.TaskAssigned, Columns, At, "C1/1", Seat, "李四"), message.Content.Value);
    }

    [Fact]
    public async Task CommitEngine_NoticeAtAnotherTime_IsKeptAsGiven()
    {
        // The message's time is the commit's; a notice of another instant (or offset) cannot be rebuilt from the slot.
        var store = NewStore();
        var notice = new Notification(NotificationKind.TaskAssigned, Columns, At.ToOffset(TimeSpan.FromHours(8)), "C1/1", Seat, "李四");
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskCommented("C1/1", "意见")], At, "张三", store.GetCaseRow("C1")!.Head, [],
            [new(Channels.Notification, "TaskAssigned", notice, EngineJsonContext.Default.Notification)], "k2", result, null, [], []);

        var message = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10))[0].Message;
        Assert.Same(notice, message.Content.Value);
        Assert.Equal(TimeSpan.FromHours(8), ((Notification)message.Content.Value!).At.Offset);
    }

    private static readonly SeatColumns PlanSeat = new("sa", "a", "甲局");

    /// <summary>The events of one commit opening tasks: four on plan seats with the case's next numbers, then ones
    /// that cannot be rebuilt from a template (an assignee, successors, a number out of order, odd ids).</summary>
    private static CaseEvent[] Opened() =>
    [
        new TaskApproved(string.Concat("C1/", "1"), null),
        NodeStarted.Of(2),
        new TaskOpened(string.Concat("C1/", "2"), 2, 0, PlanSeat, null, null),
        new TaskOpened(string.Concat("C1/", "3"), 2, 1, PlanSeat, null, null),
        new TaskOpened(string.Concat("C1/", "4"), 3, 0, Seat, null, null),
        new TaskOpened(string.Concat("C1/", "5"), 3, 0, Seat, null, null),
        // The next number, but a part made for this event (it names no step): kept as given.
        new TaskOpened(string.Concat("C1/", "6"), 3, 0, "window", "市政务服务中心", null, null),
        new TaskOpened(string.Concat("C1/", "6"), 3, 1, Seat, "李四", null),
        new TaskOpened(string.Concat("C1/", "7"), 3, 1, Seat, null, ["C1/8"]),
        new TaskOpened(string.Concat("C1/", "9"), 3, 1, Seat, null, null),
        new TaskOpened(string.Concat("C1/", "06"), 3, 1, Seat, null, null),
        new TaskOpened(string.Concat("C2/", "6"), 3, 1, Seat, null, null),
    ];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<CaseEvent>[] CommitOpened(InMemoryCaseStore store)
    {
        var events = Opened();
        var result = new CommandResult("C1", 13, CaseState.InProgress, null, events.Length, []);
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 13)), 1, events, At, "张三", store.GetCaseRow("C1")!.Head, [], [], "k2", result, null, [], []);
        return [.. events.Select(e => new WeakReference<CaseEvent>(e))];
    }

    [Fact]
    public async Task CommitEngine_TasksOpenedOnPlanSeats_KeepNoEventObject_AndReadBackTheSameBytesAndLinks()
    {
        var store = NewStore();
        var weak = CommitOpened(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The approval and the four opened on plan seats in number order are not kept; the shared node event and the
        // six that cannot be rebuilt from a template are.
        Assert.Equal([false, true, false, false, false, false, true, true, true, true, true, true], weak.Select(w => w.TryGetTarget(out _)));
        var read = await store.ReadEventsAsync("C1");
        var expected = Opened();
        Assert.Equal(13, read.Count);
        var head = read[0].Hash;
        for (var i = 0; i < expected.Length; i++)
        {
            var r = read[i + 1];
            var payload = JsonBytes.SerializeEvent(expected[i]);
            Assert.Equal(expected[i].TypeName, r.Type);
            Assert.Equal(payload, r.Payload.ToArray());
            head = HashChain.Link(head.Span, "C1", r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, payload);
            Assert.Equal(head.ToArray(), r.Hash.ToArray());
        }
        Assert.Equal(head.ToArray(), store.GetCaseRow("C1")!.Head.Hash.ToArray());
    }

    /// <summary>Commits of transfers (转办): each its own commit, as the engine writes them; then a commit whose first
    /// event is a transfer followed by tasks opened on plan seats and a bare approval (the transfer's number slot is the
    /// templates' too), and transfers that cannot be rebuilt (a reason, an odd id, another case's id, not first).</summary>
    private static CaseEvent[][] Transfers() =>
    [
        [new TaskTransferred(string.Concat("C1/", "1"), string.Concat("李", "四"), null)],
        [new TaskTransferred(string.Concat("C1/", "1"), string.Concat("张", "三"), null)],
        [
            new TaskTransferred(string.Concat("C1/", "7"), string.Concat("王", "五"), null),
            new TaskOpened(string.Concat("C1/", "8"), 2, 0, PlanSeat, null, null),
            new TaskApproved(string.Concat("C1/", "1"), null),
            new TaskApproved(string.Concat("C1/", "x"), null),
        ],
        [new TaskTransferred(string.Concat("C1/", "1"), string.Concat("李", "四"), string.Concat("出", "差"))],
        [new TaskTransferred(string.Concat("C1/", "01"), string.Concat("李", "四"), null)],
        [new TaskTransferred(string.Concat("C2/", "1"), string.Concat("李", "四"), null)],
        [
            new TaskApproved(string.Concat("C1/", "y"), null),
            new TaskTransferred(string.Concat("C1/", "2"), string.Concat("赵", "六"), null),
        ],
        [new TaskTransferred(string.Concat("C1/", "2147483647"), string.Concat("李", "四"), null)],
    ];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<CaseEvent>[] CommitTransfers(InMemoryCaseStore store)
    {
        var commits = Transfers();
        var version = 1L;
        foreach (var events in commits)
        {
            var result = new CommandResult("C1", version + events.Length, CaseState.InProgress, null, events.Length, []);
            store.CommitEngine(CaseColumns.Of(Some.Case("C1", version + events.Length)), version, events, At, "张三", store.GetCaseRow("C1")!.Head, [], [],
                "t" + version.ToString(System.Globalization.CultureInfo.InvariantCulture), result, null, [], []);
            version += events.Length;
        }
        return [.. commits.SelectMany(c => c).Select(e => new WeakReference<CaseEvent>(e))];
    }

    [Fact]
    public async Task CommitEngine_TransfersFirstInTheirCommit_KeepNoEventObject_AndReadBackTheSameEventsBytesAndLinks()
    {
        var store = NewStore();
        var weak = CommitTransfers(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The three transfers that are their commit's first event without a reason are not kept, nor the bare approval
        // with a task number; the template after a compact transfer is kept as given (its commit's number slot is taken).
        Assert.Equal([false, false, false, true, false, false, true, true, true, false, true, true], weak.Select(w => w.TryGetTarget(out _)));
        var read = await store.ReadEventsAsync("C1");
        var expected = Transfers().SelectMany(c => c).ToArray();
        Assert.Equal(expected.Length + 1, read.Count);
        var head = read[0].Hash;
        for (var i = 0; i < expected.Length; i++)
        {
            var r = read[i + 1];
            var payload = JsonBytes.SerializeEvent(expected[i]);
            Assert.Equal(expected[i], r.Event);
            Assert.Equal(expected[i].TypeName, r.Type);
            Assert.Equal(payload, r.Payload.ToArray());
            head = HashChain.Link(head.Span, "C1", r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, payload);
            Assert.Equal(head.ToArray(), r.Hash.ToArray());
        }
        Assert.Equal(head.ToArray(), store.GetCaseRow("C1")!.Head.Hash.ToArray());
        // Read again from the middle: the same events.
        var tail = await store.ReadEventsAsync("C1", afterSequence: 3);
        Assert.Equal(expected[2..], tail.Select(r => r.Event));
    }
    private static readonly Dictionary<string, string> NoForm = new(StringComparer.Ordinal);
    private static readonly List<string> NoMaterials = [];
    private const string Item = "000201005000";
    private const string Hash = "sha256:abc";
    private const string Department = "市市场监督管理局";

    /// <summary>Submissions (收件), each the first commit of its case C1…C9: the first three without form values,
    /// materials or parent (the engine's usual filing; the third of another item text, so another template), then ones
    /// that cannot be rebuilt from a template (form values, materials, a parent, not first in its commit), and one whose
    /// commit goes on with a task opened on a plan seat (kept as given: the commit's number slot is the submission's).</summary>
    private static CaseEvent[][] Submissions() =>
    [
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, string.Concat("张", "三"), NoForm, NoMaterials, 7)],
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, string.Concat("李", "四"), NoForm, NoMaterials, 7)],
        [new CaseSubmitted(Item, 2, "sha256:def", Department, Definitions.ItemKind.Joint, string.Concat("王", "五"), NoForm, NoMaterials, 5)],
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, "赵六", new Dictionary<string, string> { ["stage"] = "formal" }, NoMaterials, 7)],
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, "赵六", NoForm, ["report"], 7)],
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, "赵六", NoForm, NoMaterials, 7, "P1", 3, 9)],
        [new TaskCommented("C7/1", "收件"), new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, "赵六", NoForm, NoMaterials, 7)],
        [
            new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, string.Concat("钱", "七"), NoForm, NoMaterials, 7),
            new TaskOpened(string.Concat("C8/", "1"), 2, 0, PlanSeat, null, null),
        ],
        [new CaseSubmitted(Item, 1, Hash, Department, Definitions.ItemKind.Joint, "", NoForm, NoMaterials, 7)],
    ];

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<CaseEvent>[] CommitSubmissions(InMemoryCaseStore store)
    {
        var commits = Submissions();
        for (var i = 0; i < commits.Length; i++)
        {
            var events = commits[i];
            var caseNumber = "C" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var result = new CommandResult(caseNumber, events.Length, CaseState.Submitted, null, events.Length, []);
            store.CommitEngine(CaseColumns.Of(Some.Case(caseNumber, events.Length)), 0, events, At, "window", default, [], [],
                "s" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), result, null, [], []);
        }
        return [.. commits.SelectMany(c => c).Select(e => new WeakReference<CaseEvent>(e))];
    }

    [Fact]
    public async Task CommitEngine_SubmissionsFirstInTheirCommit_KeepNoEventObject_AndReadBackTheSameEventsBytesAndLinks()
    {
        var store = new InMemoryCaseStore();
        var weak = CommitSubmissions(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        // The plain submissions first in their commit are not kept, except each template's first (it serves as the
        // template); the others, and the task opened after a compact submission, are kept as given.
        Assert.Equal([true, false, true, true, true, true, true, true, false, true, false], weak.Select(w => w.TryGetTarget(out _)));
        var expected = Submissions();
        for (var i = 0; i < expected.Length; i++)
        {
            var caseNumber = "C" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            var read = await store.ReadEventsAsync(caseNumber);
            Assert.Equal(expected[i].Length, read.Count);
            var head = ReadOnlyMemory<byte>.Empty;
            for (var k = 0; k < read.Count; k++)
            {
                var r = read[k];
                var payload = JsonBytes.SerializeEvent(expected[i][k]);
                // Record-equal (the collections by reference) where the parts are shared; the same bytes always.
                if (expected[i][k] is not CaseSubmitted { Form.Count: > 0 } and not CaseSubmitted { Materials.Count: > 0 }) Assert.Equal(expected[i][k], r.Event);
                Assert.Equal(payload, JsonBytes.SerializeEvent(r.Event!));
                Assert.Equal(expected[i][k].TypeName, r.Type);
                Assert.Equal(payload, r.Payload.ToArray());
                head = HashChain.Link(head.Span, caseNumber, r.Sequence, r.Type, r.At, r.Actor, r.CommandKey, payload);
                Assert.Equal(head.ToArray(), r.Hash.ToArray());
            }
            Assert.Equal(head.ToArray(), store.GetCaseRow(caseNumber)!.Head.Hash.ToArray());
        }
    }
}
