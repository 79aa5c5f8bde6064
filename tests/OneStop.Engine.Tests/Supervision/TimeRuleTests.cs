using OneStop.Definitions;
using OneStop.Definitions.Flow;
using OneStop.Engine.Clocks;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Tests.Supervision;

public class TimeRuleTests
{
    [Fact]
    public async Task StepOverdue_StepLimitRunsOut_RaisesYellowForTheStepsDepartment()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();

        await host.AdvanceToAsync(SupervisionHost.At(9, 25));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.StepOverdue));
        Assert.Equal("review", alert.StepId);
        Assert.Equal("审批科", alert.Department);
        Assert.Equal("system", alert.Actor);
        // The case as a whole is far from its statutory limit.
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.CaseOverdue));
    }

    [Fact]
    public async Task StepOverdue_StepDoneInTime_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.ApproveAsync(n, "review");

        await host.AdvanceToAsync(SupervisionHost.At(9, 25));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.StepOverdue));
    }

    [Fact]
    public async Task CaseNearDue_DecisionWarningFires_RaisesAtLeastTheThresholdsLevel()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.ApproveAsync(n, "review");

        await host.AdvanceToAsync(SupervisionHost.At(10, 20));

        var alerts = await host.AlertsAsync(n, SupervisionRules.CaseNearDue);
        Assert.NotEmpty(alerts);
        Assert.All(alerts, a => Assert.Contains("Decision clock", a.Evidence));
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.CaseOverdue));
    }

    [Fact]
    public async Task CaseNearDue_EarlyInTheLimit_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.ApproveAsync(n, "review");

        await host.AdvanceToAsync(SupervisionHost.At(9, 26));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.CaseNearDue));
    }

    [Fact]
    public async Task CaseOverdue_DecisionLimitRunsOut_RaisesRedWithA督办Date()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.ApproveAsync(n, "review");

        await host.AdvanceToAsync(SupervisionHost.At(11, 28));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.CaseOverdue));
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.NotNull(alert.SuperviseBy);
        Assert.True(alert.SuperviseBy > alert.RaisedAt);
    }

    [Fact]
    public async Task CaseOverdue_DecidedInTime_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();

        await host.AdvanceToAsync(SupervisionHost.At(11, 28));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.CaseOverdue));
    }

    [Fact]
    public async Task LateCorrectionNotice_NoticeAfterFiveWorkdays_Raises()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();
        // The scheduler was not running (no deemed acceptance yet); the window sends the notice late.
        host.Clock.SetUtcNow(SupervisionHost.At(9, 30));

        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));

        Assert.Contains("5 workdays", Assert.Single(await host.AlertsAsync(n, SupervisionRules.LateCorrectionNotice)).Evidence);
    }

    [Fact]
    public async Task LateCorrectionNotice_LimitRunsOutWithoutNotice_RaisesOnDeemedAcceptance()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();

        await host.AdvanceToAsync(SupervisionHost.At(10, 10));

        Assert.Contains("no correction notice", Assert.Single(await host.AlertsAsync(n, SupervisionRules.LateCorrectionNotice)).Evidence);
    }

    [Fact]
    public async Task LateCorrectionNotice_NoticeInTime_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();
        host.Clock.SetUtcNow(SupervisionHost.At(9, 24));

        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.LateCorrectionNotice));
    }

    [Fact]
    public async Task LateDelivery_DeliveredAfterTenWorkdays_Raises()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();
        host.Clock.SetUtcNow(SupervisionHost.At(10, 31));

        await host.RunAsync(new Deliver(n, "window", host.Key()));

        Assert.Contains("after the decision", Assert.Single(await host.AlertsAsync(n, SupervisionRules.LateDelivery)).Evidence);
    }

    [Fact]
    public async Task LateDelivery_DeliveredNextDay_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.DecidedAsync();
        await host.AdvanceToAsync(SupervisionHost.At(9, 23));

        await host.RunAsync(new Deliver(n, "window", host.Key()));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.LateDelivery));
    }

    [Fact]
    public async Task SpecialProcedureOverrun_BudgetRunsOut_Raises()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.RunAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.ExpertReview, "专家评审"));

        await host.AdvanceToAsync(SupervisionHost.At(9, 30));

        Assert.Single(await host.AlertsAsync(n, SupervisionRules.SpecialProcedureOverrun));
        // Suspension pauses the step's clock: the step is not overdue.
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.StepOverdue));
    }

    [Fact]
    public async Task SpecialProcedureOverrun_ResumedWithinBudget_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.RunAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.ExpertReview, "专家评审"));
        await host.AdvanceToAsync(SupervisionHost.At(9, 23));
        await host.RunAsync(new Resume(n, "staff", host.Key()));

        await host.AdvanceToAsync(SupervisionHost.At(9, 30));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.SpecialProcedureOverrun));
    }

    [Fact]
    public async Task RectificationOverdue_RectificationClockRunsOut_RaisesRed()
    {
        // Rectification clocks are opened by evaluations (差评); the firing is built here on such a clock.
        using var host = new SupervisionHost();
        var fired = await FireOnClockAsync(host, "rectification#12");

        Assert.Equal(AlertLevel.Red, Assert.Single(fired, a => a.RuleId == SupervisionRules.RectificationOverdue).Level);
    }

    [Fact]
    public async Task RectificationOverdue_OtherClockRunsOut_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var fired = await FireOnClockAsync(host, "pending#12");

        Assert.DoesNotContain(fired, a => a.RuleId == SupervisionRules.RectificationOverdue);
    }

    private static async Task<IReadOnlyList<Alert>> FireOnClockAsync(SupervisionHost host, string clockId)
    {
        var n = await host.DecidedAsync();
        var (snapshot, plan, _) = await host.Engine.LoadAsync(n, default);
        var now = host.Clock.GetUtcNow();
        (snapshot.Clocks ??= []).Add(new ClockState
        {
            Id = clockId, Kind = ClockKind.PendingMaterials, StartedAt = now, DueAt = now, Status = ClockStatus.Running,
            Thresholds = [new ThresholdState { Id = ThresholdState.DueId, Level = AlertLevel.Red, At = now }],
        });
        var ctx = new CommandContext(snapshot, plan, now, "system", "k", host.Clock.LocalTimeZone);
        ctx.Raise(new DeadlineFired(clockId, ThresholdState.DueId, AlertLevel.Red, now, 0, DeadlineOutcome.Notified, null));
        host.Evaluator.Evaluate(new CommitContext(ctx));
        return ctx.Alerts;
    }
}
