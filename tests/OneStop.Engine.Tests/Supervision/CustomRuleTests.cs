using OneStop.Definitions;

namespace OneStop.Engine.Tests.Supervision;

public class CustomRuleTests
{
    private const string Config = """
        custom:
          two-corrections: { level: red, when: case.corrections >= 2, message: 两次补正 }
          big-fee: { level: yellow, when: "case.fee > 12.5 and case.state == 'concluded'" }
          suspended-joint: { level: reminder, when: case.suspended and case.kind == 'promised' }
        """;

    [Fact]
    public async Task Custom_ConditionTurnsTrue_RaisesOnceWithMessage()
    {
        using var host = new SupervisionHost(configuration: Config);
        var n = await host.SubmitAsync();
        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));
        await host.RunAsync(new Resubmit(n, "applicant", host.Key(), ["plan"]));
        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("report")], "遗漏"));
        await host.RunAsync(new Resubmit(n, "applicant", host.Key(), ["report"]));

        // Still true after the resubmission, but raised only when it turned true.
        var alert = Assert.Single(await host.AlertsAsync(n, "custom.two-corrections"));
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Equal("两次补正", alert.Evidence);
    }

    [Fact]
    public async Task Custom_ConditionFalse_RaisesNothing()
    {
        using var host = new SupervisionHost(configuration: Config);
        var n = await host.SubmitAsync();

        await host.RunAsync(new RequestCorrection(n, "window", host.Key(), [new CorrectionItem("plan")]));

        Assert.Empty(await host.AlertsAsync(n, "custom.two-corrections"));
    }

    [Fact]
    public async Task Custom_FeeAndState_UsesTheExpressionAsEvidence()
    {
        using var host = new SupervisionHost(configuration: Config);
        var cheap = await host.DecidedAsync(SupervisionItems.FeeCode);
        var dear = await host.DecidedAsync(SupervisionItems.FeeCode);

        await host.RunAsync(new Deliver(cheap, "window", host.Key(), Fee: 12.5m));
        await host.RunAsync(new Deliver(dear, "window", host.Key(), Fee: 13m));

        Assert.Empty(await host.AlertsAsync(cheap, "custom.big-fee"));
        Assert.Equal("case.fee > 12.5 and case.state == 'concluded'", Assert.Single(await host.AlertsAsync(dear, "custom.big-fee")).Evidence);
    }

    [Fact]
    public async Task Custom_SuspendedThenResumedAndSuspendedAgain_RaisesForEachTurn()
    {
        using var host = new SupervisionHost(configuration: Config);
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Suspend(n, "staff", host.Key(), Definitions.Flow.SpecialProcedureKind.ExpertReview, "评审"));
        await host.RunAsync(new Resume(n, "staff", host.Key()));
        await host.RunAsync(new Suspend(n, "staff", host.Key(), Definitions.Flow.SpecialProcedureKind.ExpertReview, "再评审"));

        Assert.Equal(2, (await host.AlertsAsync(n, "custom.suspended-joint")).Count);
    }

    [Fact]
    public async Task Disabled_GlobalSwitchOff_RaisesNothing()
    {
        using var host = new SupervisionHost(configuration: "enabled: false\n" + Config);
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合条件"));

        Assert.Empty((await host.Alerts.ListAlertsAsync(new OneStop.Engine.Storage.AlertQuery { CaseNumber = n })).Items);
    }
}
