using OneStop.Definitions;
using OneStop.Definitions.Flow;

namespace OneStop.Engine.Tests.Supervision;

public class ProcessRuleTests
{
    [Fact]
    public async Task SecondCorrection_SecondNotice_RaisesYellowWithReason()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();
        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan", "缺页")]));
        await host.RunAsync(new Resubmit(n, "applicant", host.Key(), ["plan"]));

        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("report", "签章不清")], "首次告知遗漏"));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.SecondCorrection));
        Assert.Equal(AlertLevel.Yellow, alert.Level);
        Assert.Equal(AlertStatus.Raised, alert.Status);
        Assert.Contains("首次告知遗漏", alert.Evidence);
        Assert.Equal("window", alert.Actor);
        Assert.Equal("市测试局", alert.Department);
        var notice = (await host.Store.ReadEventsAsync(n)).Last(e => e.Type == "case.correction-requested.v1");
        Assert.Equal(n + ":" + SupervisionRules.SecondCorrection + ":" + notice.Sequence, alert.AlertId);
    }

    [Fact]
    public async Task SecondCorrection_FirstNotice_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();

        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.SecondCorrection));
    }

    [Fact]
    public async Task RepeatedReturns_ThirdReturn_RaisesOnceWhenPassingDefaultMax()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        for (var i = 0; i < 4; i++)
        {
            await host.ApproveAsync(n, "review");
            await host.ReturnAsync(n, "decide");
        }

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.RepeatedReturns));
        Assert.Contains("return no. 3", alert.Evidence);
        Assert.Equal("review", alert.StepId);
    }

    [Fact]
    public async Task RepeatedReturns_TwoReturns_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        for (var i = 0; i < 2; i++)
        {
            await host.ApproveAsync(n, "review");
            await host.ReturnAsync(n, "decide");
        }

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.RepeatedReturns));
    }

    [Fact]
    public async Task SecondExtension_Attempt_IsRefusedAndRecordedWithoutTouchingTheCase()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.RunAsync(new Extend(n, "staff", host.Key(), "情况复杂", "局长"));
        var before = await host.Store.GetCaseAsync(n);

        await Assert.ThrowsAsync<IllegalActionException>(() => host.RunAsync(new Extend(n, "staff", "again", "还需时间", "局长")));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.SecondExtension));
        Assert.Contains("还需时间", alert.Evidence);
        Assert.Equal(before!.Version, (await host.Store.GetCaseAsync(n))!.Version);
        await host.Engine.ProcessOutboxAsync();
        Assert.Contains(host.Sink.Received, a => a.Alert.AlertId == alert.AlertId);
    }

    [Fact]
    public async Task SecondExtension_FirstExtension_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Extend(n, "staff", host.Key(), "情况复杂", "局长"));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.SecondExtension));
    }

    [Fact]
    public async Task SuspensionWithoutGround_ProcedureTheItemDoesNotProvide_Raises()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.Hearing, "听证"));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.SuspensionWithoutGround));
        Assert.Contains("Hearing", alert.Evidence);
    }

    [Fact]
    public async Task SuspensionWithoutGround_ProcedureOfAStep_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Suspend(n, "staff", host.Key(), SpecialProcedureKind.ExpertReview, "专家评审"));

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.SuspensionWithoutGround));
    }

    [Fact]
    public async Task UnauthorizedAttempt_Refused_RecordsRedAlertAndLeavesTheLogUnchanged()
    {
        using var host = new SupervisionHost(authorizer: new DenyActor("intruder"));
        var n = await host.AcceptedAsync();
        var task = await host.TaskIdAsync(n, "review");
        var events = (await host.Store.ReadEventsAsync(n)).Count;

        await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.RunAsync(new ApproveTask(n, "intruder", "bad-1", task)));
        await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.RunAsync(new ApproveTask(n, "intruder", "bad-1", task)));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.UnauthorizedAttempt));
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Equal("intruder", alert.Actor);
        Assert.Equal("review", alert.StepId);
        Assert.Contains("ApproveTask", alert.Evidence);
        Assert.Equal(events, (await host.Store.ReadEventsAsync(n)).Count);
    }

    [Fact]
    public async Task UnauthorizedAttempt_AllowedActor_RaisesNothing()
    {
        using var host = new SupervisionHost(authorizer: new DenyActor("intruder"));
        var n = await host.AcceptedAsync();

        await host.ApproveAsync(n, "review");

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.UnauthorizedAttempt));
    }

    [Fact]
    public async Task OffSystemDecision_ExplicitDecisionWithOpenTasks_RaisesRed()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合条件"));

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision));
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Equal("boss", alert.Actor);
    }

    [Fact]
    public async Task OffSystemDecision_FlowDecides_RaisesNothing()
    {
        using var host = new SupervisionHost();

        var n = await host.DecidedAsync();

        Assert.Equal(CaseState.Decided, (await host.Engine.GetCaseAsync(n))!.State);
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision));
    }

    private sealed class DenyActor(string actor) : IActorAuthorizer
    {
        public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken) =>
            ValueTask.FromResult(arguments.Actor != actor);
    }
}
