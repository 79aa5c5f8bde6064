using OneStop.Definitions;

namespace OneStop.Engine.Tests.Clocks;

/// <summary>An immediate item (即办件) that nobody accepted or sent a correction notice within the limit is deemed
/// accepted (行政许可法 Art.32). Only the acceptance is deemed: the case waits, without tasks and without running the
/// item's flow, for an official to decide and deliver, and a parent step learns that decision.</summary>
public sealed class ImmediateDeemedAcceptanceTests
{
    private const string ParentCode = "000200000031";
    private const string DeemedImmediateCode = "000200000032";

    private static Catalogue Catalogue() => SomeItems.Catalogue(SomeItems.Immediate,
        SomeItems.Item(ParentCode, $"""
            - subcase: {"{"} id: child, item: "{SomeItems.ImmediateCode}" {"}"}
            - {"{"} step: finish, role: clerk {"}"}
            """),
        SomeItems.Item(DeemedImmediateCode, "- { step: window, role: clerk }", kind: "immediate",
            extra: "time: { statutory: 3 workdays, on-timeout: deemed-approved }"));

    /// <summary>Receipt Monday 2025-09-22 09:00; the 5-workday correction limit ends Monday 2025-09-29 17:00.</summary>
    private static readonly DateTimeOffset PastCorrectionLimit = ClockHost.At(2025, 9, 30, 10);

    [Fact]
    public async Task DeemedAcceptance_ImmediateItem_AcceptedAsOfReceiptWithoutTasksOrDecision()
    {
        using var host = new ClockHost(Catalogue());
        var receipt = host.Clock.GetUtcNow();
        var number = await host.SubmitAsync(SomeItems.ImmediateCode);

        await host.AdvanceToAsync(PastCorrectionLimit);

        var view = await host.ViewAsync(number);
        Assert.Equal(CaseState.InProgress, view.State);
        Assert.Null(view.Outcome);
        Assert.Empty(view.OpenTasks);
        Assert.Contains(view.Timeline, t => t.Type == "case.deemed-accepted.v1");
        // The immediate item's flow is not run, as at the window.
        Assert.DoesNotContain(view.Timeline, t => t.Type is "flow.node-started.v1" or "task.opened.v1" or "case.decided.v1" or "case.delivered.v1");
        Assert.Contains(CaseAction.Decide, view.AllowedActions);
        var decision = view.Clocks.Single(c => c.Kind == ClockKind.Decision);
        Assert.Equal(receipt, decision.StartedAt);
        var notices = host.Sink.Received.Select(r => r.Notification).ToList();
        var acceptance = notices.Single(n => n.Kind == NotificationKind.Acceptance);
        Assert.Contains("第三十二条", acceptance.Reason, StringComparison.Ordinal);
        Assert.Contains("即办件", acceptance.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(notices, n => n.Kind is NotificationKind.Decision or NotificationKind.TaskAssigned);
        Assert.Equal(DeadlineOutcome.DeemedAccepted, host.Handler.Received.Single(e => e.Clock == ClockKind.Correction && e.IsTimeout).Outcome);
        await new TestHostReplay(host).AssertAsync(number);

        // An official decides and delivers; the case concludes as at the window, only later.
        await host.RunAsync(new Decide(number, "window", host.Key(), CaseOutcome.Approved));
        var done = await host.RunAsync(new Deliver(number, "window", host.Key(), "窗口领取"));
        Assert.Equal((CaseState.Concluded, CaseOutcome.Approved), (done.State, done.Outcome));
        await new TestHostReplay(host).AssertAsync(number);
    }

    [Fact]
    public async Task DeemedAcceptance_ImmediateItemAllowingDeemedApproval_DecidedDeemedApprovedAtItsDecisionTimeout()
    {
        using var host = new ClockHost(Catalogue());
        var number = await host.SubmitAsync(DeemedImmediateCode);

        await host.AdvanceToAsync(PastCorrectionLimit);
        // The decision clock counts from receipt (3 workdays: due Thursday 2025-09-25), so it is already overdue:
        // the next round applies the item's own timeout policy.
        await host.TickAsync();

        var view = await host.ViewAsync(number);
        Assert.Equal((CaseState.Decided, CaseOutcome.DeemedApproved), (view.State, view.Outcome));
        Assert.Empty(view.OpenTasks);
        await new TestHostReplay(host).AssertAsync(number);
    }

    [Fact]
    public async Task DeemedAcceptance_ImmediateSubcaseChild_ParentStepLearnsTheDecision()
    {
        using var host = new ClockHost(Catalogue());
        var parent = await host.AcceptedAsync(ParentCode);
        await host.TickAsync();
        var child = Assert.Single((await host.Store.SearchCasesAsync(new OneStop.Engine.Storage.CaseQuery(ItemCode: SomeItems.ImmediateCode))).Items).CaseNumber;
        Assert.Equal(CaseState.Submitted, (await host.ViewAsync(child)).State);

        await host.AdvanceToAsync(PastCorrectionLimit);
        await host.TickAsync();

        var childView = await host.ViewAsync(child);
        Assert.Equal(CaseState.InProgress, childView.State);
        Assert.Empty(childView.OpenTasks);
        // The parent's subcase step still waits: nobody has decided the child.
        var waiting = await host.ViewAsync(parent);
        Assert.Equal(CaseState.InProgress, waiting.State);
        Assert.Empty(waiting.OpenTasks);

        await host.RunAsync(new Decide(child, "window", host.Key(), CaseOutcome.Denied, "不符合提取条件"));
        await host.TickAsync();

        var told = await host.ViewAsync(parent);
        Assert.Equal((CaseState.Decided, CaseOutcome.Denied), (told.State, told.Outcome));
        Assert.Contains(told.Timeline, t => t.Type == "subcase.completed.v1" && t.Summary.Contains(child, StringComparison.Ordinal));
        await new TestHostReplay(host).AssertAsync(parent);
        await new TestHostReplay(host).AssertAsync(child);
    }

    [Fact]
    public async Task DeemedAcceptance_ImmediateSubcaseChildApproved_ParentStepPassesToItsNextStep()
    {
        using var host = new ClockHost(Catalogue());
        var parent = await host.AcceptedAsync(ParentCode);
        await host.TickAsync();
        var child = Assert.Single((await host.Store.SearchCasesAsync(new OneStop.Engine.Storage.CaseQuery(ItemCode: SomeItems.ImmediateCode))).Items).CaseNumber;

        await host.AdvanceToAsync(PastCorrectionLimit);
        await host.RunAsync(new Decide(child, "window", host.Key(), CaseOutcome.Approved));
        await host.TickAsync();

        Assert.Equal("finish", Assert.Single((await host.ViewAsync(parent)).OpenTasks).StepId);
    }
}
