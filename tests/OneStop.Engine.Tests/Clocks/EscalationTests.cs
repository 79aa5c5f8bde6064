using OneStop.Definitions;

namespace OneStop.Engine.Tests.Clocks;

public sealed class EscalationTests
{
    /// <summary>Review (2 workdays, escalated to boss), then a decision by role a.</summary>
    private const string StepCode = "000200000021";
    private static readonly string Step = SomeItems.Item(StepCode, """
        - { step: review, role: clerk, limit: 2 workdays, on-timeout: { action: escalate, to: boss } }
        - { step: decide, role: a }
        """);

    /// <summary>Statutory 5 workdays escalated to boss; two parallel branches (join all).</summary>
    private const string CaseCode = "000200000022";
    private static readonly string Case = SomeItems.Item(CaseCode, """
        - parallel:
            id: joint
            join: all
            branches:
              ba:
                - { step: sa, role: a }
              bb:
                - { step: sb, role: b }
        """, extra: "time: { statutory: 5 workdays, on-timeout: { action: escalate, to: boss } }");

    private static ClockHost NewHost() => new(SomeItems.Catalogue(Step, Case));

    [Fact]
    public async Task StepTimeout_Escalate_HandsTheLateTaskToTheRole()
    {
        using var host = NewHost();
        var number = await host.AcceptedAsync(StepCode);
        var original = (await host.ViewAsync(number)).OpenTasks.Single();
        await host.RunAsync(new ClaimTask(number, "李四", host.Key(), original.TaskId));
        var due = (await host.ClockAsync(number, ClockKind.Step)).DueAt;

        await host.AdvanceToAsync(due);

        var red = host.Handler.Received.Single(e => e.StepId == "review" && e.IsTimeout);
        Assert.Equal(DeadlineOutcome.Escalated, red.Outcome);
        Assert.Equal(["李四"], red.Assignees);
        var escalated = (await host.ViewAsync(number)).OpenTasks.Single();
        Assert.NotEqual(original.TaskId, escalated.TaskId);
        Assert.Equal("review", escalated.StepId);
        Assert.Equal("boss", escalated.Role);
        Assert.Null(escalated.Assignee);
        var assigned = host.Sink.Received.Select(r => r.Notification).Single(n => n.Kind == NotificationKind.TaskAssigned && n.TaskId == escalated.TaskId);
        Assert.Equal("boss", assigned.Role);
        Assert.Contains("超时升级", assigned.Reason, StringComparison.Ordinal);
        Assert.Contains(host.Sink.Received, r => r.Notification.Kind == NotificationKind.Escalation && r.Notification.Role == "boss");

        // The late holder can no longer act; the escalation role's approval passes the step once.
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.RunAsync(new ApproveTask(number, "李四", host.Key(), original.TaskId)));
        await host.RunAsync(new ApproveTask(number, "王局长", host.Key(), escalated.TaskId));
        var next = (await host.ViewAsync(number)).OpenTasks.Single();
        Assert.Equal("decide", next.StepId);
        await new TestHostReplay(host).AssertAsync(number);
    }

    [Fact]
    public async Task StepTimeout_FallenDueWhileStopped_HandsOverOnceAfterRestart()
    {
        using var host = NewHost();
        var number = await host.AcceptedAsync(StepCode);
        var due = (await host.ClockAsync(number, ClockKind.Step)).DueAt;
        host.SetTime(due.AddDays(3));

        using var restarted = host.Restart();
        await restarted.TickAsync();
        await restarted.TickAsync();

        var tasks = (await restarted.ViewAsync(number)).OpenTasks;
        Assert.Equal("boss", Assert.Single(tasks).Role);
        Assert.Single(restarted.Handler.Received, e => e.StepId == "review" && e.IsTimeout);
    }

    [Fact]
    public async Task DecisionTimeout_Escalate_HandsEveryOpenTaskToTheRoleAndEachSeatCountsOnce()
    {
        using var host = NewHost();
        var number = await host.AcceptedAsync(CaseCode);
        Assert.Equal(["a", "b"], (await host.ViewAsync(number)).OpenTasks.Select(t => t.Role).Order());
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;

        await host.AdvanceToAsync(due);

        Assert.Equal(DeadlineOutcome.Escalated, host.Handler.Received.Single(e => e.Clock == ClockKind.Decision && e.IsTimeout).Outcome);
        var tasks = (await host.ViewAsync(number)).OpenTasks;
        Assert.Equal(2, tasks.Count);
        Assert.All(tasks, t => Assert.Equal("boss", t.Role));
        Assert.Equal(["sa", "sb"], tasks.Select(t => t.StepId).Order());

        await host.RunAsync(new ApproveTask(number, "王局长", host.Key(), tasks[0].TaskId));
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(number)).State);
        await host.RunAsync(new ApproveTask(number, "王局长", host.Key(), tasks[1].TaskId));
        var view = await host.ViewAsync(number);
        Assert.Equal(CaseState.Decided, view.State);
        Assert.Equal(CaseOutcome.Approved, view.Outcome);
        await new TestHostReplay(host).AssertAsync(number);
    }
}
