using System.Runtime.CompilerServices;
using OneStop.Engine.Audit;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Engine.Tests.Storage;

/// <summary>The in-memory store keeps the engine's task ids (<c>case/n</c>) of approvals, task notices and results as
/// shared <see cref="TaskRun"/>s, so a closed case's id strings are not kept; everything reads back equal.</summary>
public sealed class TaskRunTests
{
    private static readonly DateTimeOffset At = Some.T0.AddHours(1);
    private static readonly NoticeCase Columns = new("C1", "000201005000", "企业开办", "张三");
    private static readonly SeatColumns Seat = new("intake", "window", "市政务服务中心");

    [Theory]
    [InlineData("C1/1", 1)]
    [InlineData("C1/1023", 1023)]
    [InlineData("C1/0", 0)]
    public void Of_EngineId_IsTheSharedRunOfItsNumber_AndRebuildsTheId(string id, int number)
    {
        var run = TaskRun.Of("C1", string.Concat(id, ""));

        Assert.NotNull(run);
        Assert.Equal((number, 1), (run.First, run.Count));
        // One object per run, whichever case asks.
        Assert.Same(run, TaskRun.Of("C22", "C22/" + number));
        Assert.Equal(id, run.IdAt("C1", 0));
    }

    [Theory]
    [InlineData("C1/01")]
    [InlineData("C1/")]
    [InlineData("C1/1a")]
    [InlineData("C1-1")]
    [InlineData("C2/1")]
    [InlineData("C11/1")]
    [InlineData("C1/1024")]
    [InlineData("C1/99999999999")]
    [InlineData("C1")]
    public void Of_AnyOtherId_IsNull(string id) => Assert.Null(TaskRun.Of("C1", id));

    [Fact]
    public void Of_List_TakesOneToFourConsecutiveNumbersInOrder()
    {
        var run = TaskRun.Of("C1", TaskIdList.Of("C1/2", "C1/3", "C1/4", "C1/5"));

        Assert.NotNull(run);
        Assert.Equal((2, 4), (run.First, run.Count));
        Assert.Equal(["C1/2", "C1/3", "C1/4", "C1/5"], run.ToList("C1"));
        Assert.Equal(["C1/7", "C1/8"], TaskRun.Of("C1", ["C1/7", "C1/8"])!.ToList("C1"));
        Assert.Null(TaskRun.Of("C1", TaskIdList.Of("C1/2", "C1/4")));
        Assert.Null(TaskRun.Of("C1", TaskIdList.Of("C1/3", "C1/2")));
        Assert.Null(TaskRun.Of("C1", TaskIdList.Of("C1/2", "C2/3")));
        Assert.Null(TaskRun.Of("C1", ["C1/1", "C1/2", "C1/3", "C1/4", "C1/5"]));
        Assert.Null(TaskRun.Of("C1", TaskIdList.Empty));
    }

    /// <summary>A store with case C1 at version 1, committed by the engine's path (so the next commit follows the log).</summary>
    private static InMemoryCaseStore NewStore()
    {
        var store = new InMemoryCaseStore();
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 1)), 0, [new TaskCommented("C1/1", "收件")], Some.T0, "张三", default, [], [], "k1",
            new CommandResult("C1", 1, CaseState.Submitted, null, 1, []), null, [], []);
        return store;
    }

    // Ids as the engine builds them (at run time): the store must not keep them.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference<string>[] CommitWithIds(InMemoryCaseStore store)
    {
        var approved = string.Concat("C1/", "1");
        var opened = new[] { string.Concat("C1/", "2"), string.Concat("C1/", "3") };
        OutboxItem[] outbox =
        [
            new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification)
            {
                Notice = new NoticeParts(NotificationKind.TaskAssigned, Columns, opened[0], Seat, null, null),
            },
            new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification)
            {
                Notice = new NoticeParts(NotificationKind.TaskAssigned, Columns, opened[1], Seat, null, null),
            },
        ];
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, TaskIdList.Of(opened[0], opened[1]));
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskApproved(approved, null)], At, "张三", store.GetCaseRow("C1")!.Head, [], outbox,
            "k2", result, null, [], []);
        // The store remembers the last list and notice id it parsed (a transfer passes them again): a later commit moves on.
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 3)), 2, [new TaskCommented("C1/4", "意见")], At, "张三", store.GetCaseRow("C1")!.Head, [],
            [new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification) { Notice = new NoticeParts(NotificationKind.TaskAssigned, Columns, "C1/4", Seat, null, null) }],
            "k3", new CommandResult("C1", 3, CaseState.InProgress, null, 1, TaskIdList.Of("C1/4")), null, [], []);
        return [new(approved), new(opened[0]), new(opened[1])];
    }

    [Fact]
    public async Task CommitEngine_EngineTaskIds_AreNotKept_AndReadBackTheSameBytes()
    {
        var store = NewStore();
        var weak = CommitWithIds(store);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        Assert.All(weak, w => Assert.False(w.TryGetTarget(out _)));
        var read = await store.ReadEventsAsync("C1", afterSequence: 1);
        Assert.Equal(JsonBytes.SerializeEvent(new TaskApproved("C1/1", null)), read[0].Payload.ToArray());
        var pending = (await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10)).Take(2).ToList();
        var expected = new[] { new Notification(NotificationKind.TaskAssigned, Columns, At, "C1/2", Seat, null), new Notification(NotificationKind.TaskAssigned, Columns, At, "C1/3", Seat, null) };
        Assert.Equal(expected, pending.Select(p => p.Message.Content.Value));
        Assert.Equal(JsonBytes.Serialize(expected[1], EngineJsonContext.Default.Notification), pending[1].Message.Payload.ToArray());
        var command = await store.GetCommandAsync("k2");
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, TaskIdList.Of("C1/2", "C1/3"));
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), command!.Result.ToArray());
    }

    [Fact]
    public async Task CommitEngine_OtherTaskIds_AreKeptAsGiven()
    {
        // Not the engine's form (a leading zero, another case's id, a list out of order): kept and read back as given.
        var store = NewStore();
        var odd = string.Concat("C1/", "07");
        var result = new CommandResult("C1", 2, CaseState.InProgress, null, 1, TaskIdList.Of("C1/3", "C1/2"));
        store.CommitEngine(CaseColumns.Of(Some.Case("C1", 2)), 1, [new TaskApproved(odd, null)], At, "张三", store.GetCaseRow("C1")!.Head, [],
            [new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification) { Notice = new NoticeParts(NotificationKind.TaskAssigned, Columns, "C9/1", Seat, null, null) }],
            "k2", result, null, [], []);

        var read = await store.ReadEventsAsync("C1", afterSequence: 1);
        Assert.Equal(JsonBytes.SerializeEvent(new TaskApproved("C1/07", null)), read[0].Payload.ToArray());
        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        Assert.Equal("C9/1", ((Notification)pending[0].Message.Content.Value!).TaskId);
        Assert.Equal(JsonBytes.Serialize(result, EngineJsonContext.Default.CommandResult), (await store.GetCommandAsync("k2"))!.Result.ToArray());
    }

    [Fact]
    public async Task CommitEngine_SameListAndIdAgain_ReadBackForEachCommit()
    {
        // A transfer passes the same result list and notice id again (parsed once); each commit reads back its own.
        var store = NewStore();
        var ids = TaskIdList.Of("C1/2");
        for (var v = 2; v <= 4; v++)
        {
            var result = new CommandResult("C1", v, CaseState.InProgress, null, 1, ids);
            store.CommitEngine(CaseColumns.Of(Some.Case("C1", v)), v - 1, [new TaskCommented("C1/2", "转")], At, "张三", store.GetCaseRow("C1")!.Head, [],
                [new(Channels.Notification, "TaskAssigned", Columns, EngineJsonContext.Default.Notification) { Notice = new NoticeParts(NotificationKind.TaskAssigned, Columns, ids[0], Seat, "李" + v, null) }],
                "t" + v, result, null, [], []);
        }

        for (var v = 2; v <= 4; v++)
        {
            var expected = new CommandResult("C1", v, CaseState.InProgress, null, 1, TaskIdList.Of("C1/2"));
            Assert.Equal(JsonBytes.Serialize(expected, EngineJsonContext.Default.CommandResult), (await store.GetCommandAsync("t" + v))!.Result.ToArray());
        }
        var pending = await store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 10);
        Assert.Equal([("C1/2", "李2"), ("C1/2", "李3"), ("C1/2", "李4")], pending.Select(p => ((Notification)p.Message.Content.Value!) is var n ? (n.TaskId, n.Assignee) : default));
    }
}
