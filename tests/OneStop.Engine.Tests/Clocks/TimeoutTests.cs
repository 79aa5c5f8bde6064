using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Clocks;

public sealed class TimeoutTests
{
    [Fact]
    public async Task Timeout_DefaultPolicy_NotifiesAndLeavesTheCaseRunning()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(SomeItems.SimpleCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;

        await host.AdvanceToAsync(due);

        var red = host.Handler.Received.Single(e => e.Clock == ClockKind.Decision && e.IsTimeout);
        Assert.Equal(DeadlineOutcome.Notified, red.Outcome);
        Assert.Equal(AlertLevel.Red, red.Level);
        Assert.Equal("已到期", red.RemainingText);
        Assert.Equal("市测试局", red.Department);
        Assert.Contains("clerk", red.Roles);
        Assert.Equal($"deadline:{number}:{red.ClockId}:due", red.EventId);
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(number)).State);
    }

    [Fact]
    public async Task Timeout_StepWithAutoPass_PassesTheStepAndOpensTheNext()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        var task = (await host.ViewAsync(number)).OpenTasks.Single();
        await host.RunAsync(new ClaimTask(number, "李四", host.Key(), task.TaskId));
        var due = (await host.ClockAsync(number, ClockKind.Step)).DueAt;

        await host.AdvanceToAsync(due);

        var red = host.Handler.Received.Single(e => e.StepId == "review" && e.IsTimeout);
        Assert.Equal(DeadlineOutcome.AutoPassed, red.Outcome);
        Assert.Equal(["李四"], red.Assignees);
        var view = await host.ViewAsync(number);
        Assert.Equal("decide", view.OpenTasks.Single().StepId);
        var decideClock = view.Clocks.Single(c => c.StepId == "decide");
        Assert.Equal(due, decideClock.StartedAt);
    }

    [Fact]
    public async Task Timeout_StepWithEscalation_NotifiesTheRole()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.LimitsCode);
        await host.RunAsync(new ApproveTask(number, "clerk", host.Key(), (await host.ViewAsync(number)).OpenTasks.Single().TaskId));
        var due = (await host.ClockAsync(number, ClockKind.Step, ClockStatus.Running)).DueAt;

        await host.AdvanceToAsync(due);

        var red = host.Handler.Received.Single(e => e.StepId == "decide" && e.IsTimeout);
        Assert.Equal(DeadlineOutcome.Escalated, red.Outcome);
        Assert.Equal("boss", red.EscalatedTo);
        var notice = host.Sink.Received.Select(r => r.Notification).Single(n => n.Kind == NotificationKind.Escalation);
        Assert.Equal("boss", notice.Role);
        Assert.Equal("decide", notice.StepId);
        Assert.Equal("decide", (await host.ViewAsync(number)).OpenTasks.Single().StepId);
    }

    [Fact]
    public async Task Timeout_ItemAllowsDeemedApproval_DecidesDeemedApprovedAndTellsTheApplicant()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.DeemedCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;

        await host.AdvanceToAsync(due);

        var view = await host.ViewAsync(number);
        Assert.Equal(CaseState.Decided, view.State);
        Assert.Equal(CaseOutcome.DeemedApproved, view.Outcome);
        Assert.Empty(view.OpenTasks);
        Assert.Equal(DeadlineOutcome.DeemedApproved, host.Handler.Received.Single(e => e.IsTimeout).Outcome);
        var decision = host.Sink.Received.Select(r => r.Notification).Single(n => n.Kind == NotificationKind.Decision);
        Assert.Equal(CaseOutcome.DeemedApproved, decision.Outcome);
        Assert.Equal("张三", decision.Applicant);
        Assert.Equal(ClockStatus.Running, view.Clocks.Single(c => c.Kind == ClockKind.Delivery).Status);
        await new TestHostReplay(host).AssertAsync(number);
    }

    [Fact]
    public async Task Timeout_DeemedApprovalItemSuspended_DoesNotDecideWhilePaused()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.AcceptedAsync(ClockItems.DeemedCode);
        var due = (await host.ClockAsync(number, ClockKind.Decision)).DueAt;
        await host.RunAsync(new Suspend(number, "clerk", host.Key(), SpecialProcedureKind.Hearing, "听证"));

        await host.AdvanceToAsync(due.AddDays(1));

        Assert.Equal(CaseState.Suspended, (await host.ViewAsync(number)).State);
        Assert.DoesNotContain(host.Handler.Received, e => e.Clock == ClockKind.Decision && e.IsTimeout);
    }

    [Fact]
    public async Task Timeout_CorrectionClockWithoutNoticeOrAcceptance_AcceptsAsOfReceipt()
    {
        using var host = new ClockHost(ClockItems.All());
        var receipt = ClockHost.At(2025, 9, 26, 10);
        host.SetTime(receipt);
        var number = await host.SubmitAsync(SomeItems.SimpleCode);

        await host.AdvanceToAsync(ClockHost.At(2025, 10, 10, 17));

        var view = await host.ViewAsync(number);
        Assert.Equal(CaseState.InProgress, view.State);
        Assert.Contains(view.Timeline, t => t.Type == "case.deemed-accepted.v1");
        Assert.Equal("review", view.OpenTasks.Single().StepId);
        var decision = view.Clocks.Single(c => c.Kind == ClockKind.Decision);
        Assert.Equal(receipt, decision.StartedAt);
        Assert.Equal(ClockHost.Calendar.Add(receipt, TimeAmount.Workdays(20)).Instant, decision.DueAt);
        Assert.Equal(DeadlineOutcome.DeemedAccepted, host.Handler.Received.Single(e => e.Clock == ClockKind.Correction && e.IsTimeout).Outcome);
        Assert.Contains(host.Sink.Received, r => r.Notification.Kind == NotificationKind.Acceptance && r.Notification.Reason!.Contains("第三十二条", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timeout_CorrectionNoticeIssuedInTime_NoDeemedAcceptance()
    {
        using var host = new ClockHost(ClockItems.All());
        var number = await host.SubmitAsync(SomeItems.SimpleCode);
        await host.RunAsync(new RequestCorrection(number, "window", host.Key(), [new CorrectionItem("plan", "缺少")]));

        await host.AdvanceToAsync(ClockHost.At(2025, 11, 3, 9));

        Assert.Equal(CaseState.Correcting, (await host.ViewAsync(number)).State);
        Assert.DoesNotContain(host.Handler.Received, e => e.Clock == ClockKind.Correction);

        await host.RunAsync(new Resubmit(number, "applicant", host.Key(), ["plan"]));
        var restarted = await host.ClockAsync(number, ClockKind.Correction, ClockStatus.Running);
        Assert.Equal(ClockHost.At(2025, 11, 3, 9), restarted.StartedAt);
    }
}

/// <summary>Replay check over a clock host.</summary>
internal sealed class TestHostReplay(ClockHost host)
{
    public async Task AssertAsync(string number)
    {
        var replayed = await host.Engine.ReplayAsync(number);
        var stored = await host.Engine.StoredSnapshotAsync(number);
        Assert.Equal(TestHost.Json(stored), TestHost.Json(replayed));
    }
}
