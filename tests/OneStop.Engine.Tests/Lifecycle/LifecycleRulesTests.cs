using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Lifecycle;

public class LifecycleRulesTests
{
    [Fact]
    public async Task RequestCorrection_Second_WithoutReason_IsRefused()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [new CorrectionItem("report"), new CorrectionItem("plan", "未盖章")]));
        await host.Engine.ExecuteAsync(new Resubmit(n, "applicant", host.Key(), ["report", "plan"]));
        var version = (await host.ViewAsync(n)).Version;
        var ex = await Assert.ThrowsAsync<IllegalActionException>(() =>
            host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [new CorrectionItem("licence")])).AsTask());
        Assert.Equal(CaseState.Submitted, ex.State);
        Assert.NotNull(ex.Detail);
        Assert.Equal(version, (await host.ViewAsync(n)).Version);
    }

    [Fact]
    public async Task RequestCorrection_SecondWithReason_IsRecordedForSupervision()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [new CorrectionItem("report")]));
        await host.Engine.ExecuteAsync(new Resubmit(n, "applicant", host.Key(), ["report"]));
        await host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [new CorrectionItem("licence")], "证照已过期，首次审查时尚在有效期内"));
        var events = await host.Store.ReadEventsAsync(n);
        var second = events.Last(e => e.Type == "case.correction-requested.v1");
        var json = System.Text.Encoding.UTF8.GetString(second.Payload.Span);
        Assert.Contains("\"repeated\":true", json, StringComparison.Ordinal);
        Assert.Equal(2, (await host.ViewAsync(n)).CorrectionNotices);
    }

    [Fact]
    public async Task RequestCorrection_Notice_ListsEveryItemToTheApplicant()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [new CorrectionItem("report", "缺页"), new CorrectionItem("plan")]));
        await host.Engine.ProcessOutboxAsync();
        var notice = host.Sink.Received.Single(r => r.Notification.Kind == NotificationKind.CorrectionNotice).Notification;
        Assert.Equal(["report", "plan"], notice.Items!.Select(i => i.MaterialId));
        Assert.Contains(host.Sink.Received, r => r.Notification.Kind == NotificationKind.Receipt);
    }

    [Fact]
    public async Task RequestCorrection_EmptyList_IsInvalid()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new RequestCorrection(n, "w", host.Key(), [])).AsTask());
    }

    [Fact]
    public async Task Reject_WithoutReason_IsInvalid_AndWithReasonNotifiesRefusal()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new Reject(n, "w", host.Key(), " ")).AsTask());
        await host.Engine.ExecuteAsync(new Reject(n, "w", host.Key(), "不属于本机关职权范围"));
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal("不属于本机关职权范围", host.Sink.Received.Single(r => r.Notification.Kind == NotificationKind.Refusal).Notification.Reason);
    }

    [Fact]
    public async Task Accept_ImmediateItem_AcceptsDecidesAndDeliversInOneCall()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.ImmediateCode);
        var r = await host.Engine.ExecuteAsync(new Accept(n, "window", host.Key()));
        Assert.Equal(CaseState.Concluded, r.State);
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
        Assert.Empty(r.OpenTaskIds);
        Assert.Equal(3, r.EventCount);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task AcceptWithPendingMaterials_ListsMaterialsAndDate_UntilSupplied()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode, null, "report");
        await host.Engine.ExecuteAsync(new AcceptWithPendingMaterials(n, "w", host.Key(), ["plan", "licence"], new DateOnly(2025, 10, 10)));
        var view = await host.ViewAsync(n);
        Assert.Equal(CaseState.InProgress, view.State);
        Assert.Equal(["plan", "licence"], view.PendingMaterials);
        await host.Engine.ExecuteAsync(new SupplyMaterials(n, "applicant", host.Key(), ["plan"]));
        Assert.Equal(["licence"], (await host.ViewAsync(n)).PendingMaterials);
        await host.Engine.ExecuteAsync(new SupplyMaterials(n, "applicant", host.Key(), ["licence"]));
        Assert.Empty((await host.ViewAsync(n)).PendingMaterials);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task AcceptWithPendingMaterials_NoMaterials_IsInvalid()
    {
        using var host = new TestHost();
        var n = await host.SubmitAsync(SomeItems.SimpleCode);
        await Assert.ThrowsAsync<InvalidCommandException>(() =>
            host.Engine.ExecuteAsync(new AcceptWithPendingMaterials(n, "w", host.Key(), [], new DateOnly(2025, 10, 10))).AsTask());
    }

    [Fact]
    public async Task Extend_Twice_SecondIsRefused()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        await host.Engine.ExecuteAsync(new Extend(n, "staff", host.Key(), "需要补充调查", "王局长"));
        Assert.True((await host.ViewAsync(n)).Extended);
        var ex = await Assert.ThrowsAsync<IllegalActionException>(() => host.Engine.ExecuteAsync(new Extend(n, "staff", host.Key(), "再延", "王局长")).AsTask());
        Assert.Contains("once", ex.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Extend_WithoutApprover_IsInvalid()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new Extend(n, "staff", host.Key(), "原因", "")).AsTask());
        Assert.False((await host.ViewAsync(n)).Extended);
    }

    [Fact]
    public async Task SuspendResume_KeepsTasksAndNotifiesApplicant()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        await host.Engine.ExecuteAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.SiteInspection, "需现场核查"));
        await Assert.ThrowsAsync<IllegalActionException>(() => host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), task)).AsTask());
        await host.Engine.ExecuteAsync(new Resume(n, "staff", host.Key(), "核查合格"));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "staff", host.Key(), task));
        await host.Engine.ProcessOutboxAsync();
        Assert.Equal(2, host.Sink.Received.Count(r => r.Notification.Kind == NotificationKind.SpecialProcedure));
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Decide_ExplicitWithOpenTasks_ClosesTasksAndFlagsIncomplete()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var r = await host.Engine.ExecuteAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合法定条件"));
        Assert.Equal(CaseState.Decided, r.State);
        Assert.Empty(r.OpenTaskIds);
        var decided = (await host.Store.ReadEventsAsync(n)).Last(e => e.Type == "case.decided.v1");
        Assert.Contains("\"tasksIncomplete\":true", System.Text.Encoding.UTF8.GetString(decided.Payload.Span), StringComparison.Ordinal);
        Assert.Empty((await host.Store.ListTasksAsync(new OneStop.Engine.Storage.TaskQuery("x", ["clerk"], ["市测试局"]))).Items);
    }

    [Fact]
    public async Task Decide_DeemedApproved_OnlyWhereTheItemAllowsIt()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        await Assert.ThrowsAsync<IllegalActionException>(() => host.Engine.ExecuteAsync(new Decide(n, "system", host.Key(), CaseOutcome.DeemedApproved)).AsTask());
        var m = await host.AcceptedAsync(SomeItems.DeemedCode);
        var r = await host.Engine.ExecuteAsync(new Decide(m, "system", host.Key(), CaseOutcome.DeemedApproved));
        Assert.Equal(CaseOutcome.DeemedApproved, r.Outcome);
    }

    [Theory]
    [InlineData(CaseState.Submitted)]
    [InlineData(CaseState.Correcting)]
    [InlineData(CaseState.InProgress)]
    [InlineData(CaseState.Suspended)]
    public async Task WithdrawAndTerminate_FromEveryOpenState_CloseWithoutOpenTasks(CaseState state)
    {
        using var host = new TestHost();
        var n = await LifecycleEngineTests.IntoStateAsync(host, state);
        var r = await host.Engine.ExecuteAsync(new Withdraw(n, "applicant", host.Key(), "不再需要"));
        Assert.Equal(CaseState.Withdrawn, r.State);
        Assert.Empty(r.OpenTaskIds);
        var m = await LifecycleEngineTests.IntoStateAsync(host, state);
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new Terminate(m, "authority", host.Key(), "")).AsTask());
        var t = await host.Engine.ExecuteAsync(new Terminate(m, "authority", host.Key(), "依法终止"));
        Assert.Equal(CaseState.Terminated, t.State);
        Assert.Empty(t.OpenTaskIds);
        await host.AssertReplayEqualsSnapshotAsync(m);
    }

    [Fact]
    public async Task Deliver_AfterDecision_Concludes()
    {
        using var host = new TestHost();
        var n = await LifecycleEngineTests.IntoStateAsync(host, CaseState.Decided);
        var r = await host.Engine.ExecuteAsync(new Deliver(n, "window", host.Key(), "窗口领取", "证-001"));
        Assert.Equal(CaseState.Concluded, r.State);
        var view = await host.ViewAsync(n);
        Assert.Contains(view.Timeline, t => t.Summary.Contains("证-001", StringComparison.Ordinal));
    }
}
