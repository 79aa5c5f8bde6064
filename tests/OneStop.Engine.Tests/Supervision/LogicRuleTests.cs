using OneStop.Definitions;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Pipeline;
using OneStop.Testing;

namespace OneStop.Engine.Tests.Supervision;

public class LogicRuleTests
{
    [Fact]
    public async Task DecisionBeforeAcceptance_DecisionRecordedWithoutAcceptance_RaisesRed()
    {
        // The lifecycle table refuses Decide before Accept, so no command can do this; the rule guards records that
        // reach a case another way (another node, an import). Its commit is built here by hand.
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();
        var (snapshot, plan, _) = await host.Engine.LoadAsync(n, default);
        var ctx = new CommandContext(snapshot, plan, host.Clock.GetUtcNow(), "boss", "k", host.Clock.LocalTimeZone);
        ctx.Raise(new CaseDecided(CaseOutcome.Approved, null, ByFlow: false, TasksIncomplete: false));

        host.Evaluator.Evaluate(new CommitContext(ctx));

        var alert = Assert.Single(ctx.Alerts, a => a.RuleId == SupervisionRules.DecisionBeforeAcceptance);
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Contains("no acceptance", alert.Evidence);
    }

    [Fact]
    public async Task DecisionBeforeAcceptance_AcceptedThenDecided_RaisesNothing()
    {
        using var host = new SupervisionHost();

        var n = await host.DecidedAsync();

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.DecisionBeforeAcceptance));
    }

    [Fact]
    public async Task EventOutOfOrder_NodeWithClockBehind_RaisesYellow()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        host.Clock.Advance(TimeSpan.FromHours(2));
        await host.ApproveAsync(n, "review");
        // A second engine node over the same store whose clock is an hour behind.
        using var behind = new SupervisionHost(host.Catalogue, store: host.Store,
            clock: new FakeTimeProvider(host.Clock.GetUtcNow().AddHours(-1), SupervisionHost.Calendar.TimeZone));

        await behind.ApproveAsync(n, "decide");

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.EventOutOfOrder));
        Assert.Contains("60 minutes earlier", alert.Evidence);
    }

    [Fact]
    public async Task EventOutOfOrder_TimeMovesForward_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        host.Clock.Advance(TimeSpan.FromHours(1));

        await host.ApproveAsync(n, "review");

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.EventOutOfOrder));
    }

    [Fact]
    public async Task ApprovalWithMissingMaterials_RequiredMaterialMissing_RaisesRedNamingIt()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync(SupervisionItems.BasicCode, "report");
        await host.RunAsync(new Accept(n, "window", host.Key()));
        await host.ApproveAsync(n, "review");

        await host.ApproveAsync(n, "decide");

        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.ApprovalWithMissingMaterials));
        Assert.Equal(AlertLevel.Red, alert.Level);
        Assert.Contains("plan", alert.Evidence);
        Assert.DoesNotContain("survey", alert.Evidence);
    }

    [Fact]
    public async Task ApprovalWithMissingMaterials_PendingMaterialsOutstanding_Raises()
    {
        using var host = new SupervisionHost();
        var n = await host.SubmitAsync();
        await host.RunAsync(new AcceptWithPendingMaterials(n, "window", host.Key(), ["licence-copy"], new DateOnly(2025, 10, 30)));

        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Approved));

        Assert.Contains("licence-copy", Assert.Single(await host.AlertsAsync(n, SupervisionRules.ApprovalWithMissingMaterials)).Evidence);
    }

    [Fact]
    public async Task ApprovalWithMissingMaterials_AllRequiredPresentOrNotApplicable_RaisesNothing()
    {
        using var host = new SupervisionHost();

        var n = await host.DecidedAsync();

        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.ApprovalWithMissingMaterials));
    }

    [Fact]
    public async Task ApprovalWithMissingMaterials_ConditionalMaterialMissingWhenConditionHolds_Raises()
    {
        using var host = new SupervisionHost();
        var r = await host.Engine.SubmitAsync(new SubmitCase(SupervisionItems.BasicCode, "张三", "applicant", host.Key())
        {
            Form = new Dictionary<string, string> { ["big"] = "true" }, Materials = SupervisionItems.AllMaterials,
        });
        await host.RunAsync(new Accept(r.CaseNumber, "window", host.Key()));
        await host.ApproveAsync(r.CaseNumber, "review");

        await host.ApproveAsync(r.CaseNumber, "decide");

        Assert.Contains("survey", Assert.Single(await host.AlertsAsync(r.CaseNumber, SupervisionRules.ApprovalWithMissingMaterials)).Evidence);
    }

    [Fact]
    public async Task DeemedApproval_DecisionLimitRunsOut_RaisesYellow()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync(SupervisionItems.DeemedCode);

        await host.AdvanceToAsync(SupervisionHost.At(11, 30));

        Assert.Equal(CaseOutcome.DeemedApproved, (await host.Engine.GetCaseAsync(n))!.Outcome);
        var alert = Assert.Single(await host.AlertsAsync(n, SupervisionRules.DeemedApproval));
        Assert.Equal("system", alert.Actor);
        // A deemed approval closes open tasks by law: not off-system handling.
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision));
    }

    [Fact]
    public async Task DeemedApproval_ApprovedByTheFlow_RaisesNothing()
    {
        using var host = new SupervisionHost();
        var n = await host.AcceptedAsync(SupervisionItems.DeemedCode);

        await host.ApproveAsync(n, "review");

        Assert.Equal(CaseOutcome.Approved, (await host.Engine.GetCaseAsync(n))!.Outcome);
        Assert.Empty(await host.AlertsAsync(n, SupervisionRules.DeemedApproval));
    }
}
