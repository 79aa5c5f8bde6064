using OneStop.Definitions;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Pipeline;

public class CommandContextPoolTests
{
    [Fact]
    public async Task NotifyApplicant_AddsTheNoticeAsItsParts_EqualToTheApplicantNotice()
    {
        // The usual notices are added without their object (the in-memory store keeps their parts); the notice built
        // from the parts is the one the engine made before: same fields, same JSON.
        using var host = new TestHost();
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var (s, plan, head) = await host.Engine.LoadAsync(number, default);
        var now = host.Clock.GetUtcNow();
        var ctx = new CommandContext(s, plan, now, "甲", "key-1", host.Clock.LocalTimeZone, head);

        ctx.NotifyApplicant(NotificationKind.Decision, CaseOutcome.Denied);
        ctx.NotifyApplicant(NotificationKind.Receipt);
        ctx.Notify(NotificationKind.TaskAssigned, ctx.NoticeCase.WithoutApplicant, s.Tasks[0].Id, plan.SeatColumnsOf(s.Tasks[0].Node, s.Tasks[0].Seat, null, null), "乙");

        Assert.All(ctx.Outbox, m => Assert.IsNotType<Notification>(m.Payload));
        Assert.Equal(["Decision", "Receipt", "TaskAssigned"], ctx.Outbox.Select(m => m.Type));
        Notification[] expected =
        [
            ctx.ApplicantNotice(NotificationKind.Decision, outcome: CaseOutcome.Denied),
            ctx.ApplicantNotice(NotificationKind.Receipt),
            new(NotificationKind.TaskAssigned, ctx.NoticeCase.WithoutApplicant, now, s.Tasks[0].Id, plan.SeatColumnsOf(s.Tasks[0].Node, s.Tasks[0].Seat, null, null), "乙"),
        ];
        for (var i = 0; i < expected.Length; i++)
        {
            var built = (Notification)ctx.Outbox[i].ValueAt(now);
            Assert.Equal(expected[i], built);
            Assert.Equal(JsonBytes.Serialize(expected[i], EngineJsonContext.Default.Notification), JsonBytes.Serialize(built, EngineJsonContext.Default.Notification));
        }
    }

    [Fact]
    public async Task Rent_AfterReturn_ReusesContextWithNothingOfThePreviousCommand()
    {
        using var host = new TestHost();
        var first = await host.AcceptedAsync(SomeItems.SimpleCode);
        var second = await host.AcceptedAsync(SomeItems.SimpleCode);
        var (a, plan, head) = await host.Engine.LoadAsync(first, default);
        var (b, _, headB) = await host.Engine.LoadAsync(second, default);
        var pool = new CommandContextPool();
        var now = host.Clock.GetUtcNow();

        var ctx = pool.Rent(a, plan, now, "甲", "key-1", host.Clock.LocalTimeZone, head);
        ctx.Raise(new TaskCommented(a.Tasks[0].Id, "意见"));
        ctx.Notify(ctx.ApplicantNotice(NotificationKind.Receipt));
        ctx.AddAlert(new Alert("alert-1", first, a.ItemCode, "rule", AlertLevel.Red, AlertStatus.Raised, null, null, null, "evidence", now, null));
        ctx.EarliestDue = now.AddDays(1);
        ctx.Metrics = new CaseMetrics(now, null, null, null, null, null, null, null);
        ctx.Evaluations = [new EvaluationRecord(first, "window", 5, now, a.ItemCode, a.Department, null, null, null, null, null)];
        var input = ctx.Input;
        var committedAlerts = ctx.Alerts;
        pool.Return(ctx);

        Assert.Null(ctx.Snapshot);
        var again = pool.Rent(b, plan, now.AddMinutes(1), "乙", "key-2", host.Clock.LocalTimeZone, headB);

        Assert.Same(ctx, again);
        Assert.Same(b, again.Snapshot);
        Assert.Equal(("乙", "key-2", now.AddMinutes(1)), (again.Actor, again.CommandKey, again.Now));
        Assert.Equal((b.State, b.Version, b.UpdatedAt), (again.PreviousState, again.PreviousVersion, again.PreviousUpdatedAt));
        Assert.Same(headB.Pending, again.PreviousHead.Pending);
        Assert.Empty(again.Events);
        Assert.Empty(again.Outbox);
        Assert.Empty(again.Alerts);
        Assert.Null(again.EarliestDue);
        Assert.Null(again.Metrics);
        Assert.Empty(again.Evaluations);
        Assert.NotSame(input, again.Input);
        // The alert list went to the first commit: it is handed over, never cleared for reuse.
        Assert.Equal("alert-1", Assert.Single(committedAlerts).AlertId);
    }

    [Fact]
    public async Task Rent_WhileAnotherIsRented_GivesADifferentContext()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var (s, plan, head) = await host.Engine.LoadAsync(n, default);
        var pool = new CommandContextPool();
        var now = host.Clock.GetUtcNow();

        var one = pool.Rent(s, plan, now, "甲", "k1", host.Clock.LocalTimeZone, head);
        var two = pool.Rent(s, plan, now, "乙", "k2", host.Clock.LocalTimeZone, head);
        pool.Return(one);
        var three = pool.Rent(s, plan, now, "丙", "k3", host.Clock.LocalTimeZone, head);

        Assert.NotSame(one, two);
        Assert.Same(one, three);
        Assert.Equal("乙", two.Actor);
    }

    [Fact]
    public async Task Execute_CommandsOnTwoCasesInTurn_EachCommitCarriesOnlyItsOwnRows()
    {
        using var host = new TestHost();
        var a = await host.AcceptedAsync(SomeItems.SimpleCode);
        var b = await host.AcceptedAsync(SomeItems.SimpleCode);
        var taskA = (await host.TaskAsync(a, "review")).TaskId;
        var taskB = (await host.TaskAsync(b, "review")).TaskId;
        await host.Engine.ExecuteAsync(new ClaimTask(a, "甲", host.Key(), taskA));
        var before = await host.Store.ReadEventsAsync(b);

        // A transfer (event and notification) on one case, then a comment (event, no notification) on the other.
        await host.Engine.ExecuteAsync(new TransferTask(a, "甲", host.Key(), taskA, "乙"));
        var comment = await host.Engine.ExecuteAsync(new CommentTask(b, "丙", host.Key(), taskB, "意见"));

        Assert.Equal(1, comment.EventCount);
        var events = await host.Store.ReadEventsAsync(b, before.Count);
        Assert.Equal(TaskCommented.Name, Assert.Single(events).Type);
        var pending = await host.Store.GetPendingMessagesAsync(DateTimeOffset.MaxValue, 1000);
        Assert.DoesNotContain(pending, p => p.Message.CaseNumber == b && p.Message.MessageId.EndsWith($":{before.Count + 1}:0", StringComparison.Ordinal));
        await host.AssertReplayEqualsSnapshotAsync(a);
        await host.AssertReplayEqualsSnapshotAsync(b);
    }

    [Fact]
    public async Task Execute_SameTasksStayOpen_ResultSharesTheOpenTaskListUntilTheyChange()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        var claimed = await host.Engine.ExecuteAsync(new ClaimTask(n, "甲", host.Key(), task));

        var moved = await host.Engine.ExecuteAsync(new TransferTask(n, "甲", host.Key(), task, "乙"));
        var approved = await host.Engine.ExecuteAsync(new ApproveTask(n, "乙", host.Key(), task));

        Assert.Same(claimed.OpenTaskIds, moved.OpenTaskIds);
        Assert.Equal([task], moved.OpenTaskIds);
        Assert.NotSame(moved.OpenTaskIds, approved.OpenTaskIds);
        Assert.DoesNotContain(task, approved.OpenTaskIds);
        // The shared list stays what it was.
        Assert.Equal([task], claimed.OpenTaskIds);
    }
}
