using OneStop.Definitions;

namespace OneStop.Engine.Tests.Supervision;

public class AlertLifecycleTests
{
    private static async Task<(SupervisionHost Host, Alert Alert)> RedAlertAsync()
    {
        var host = new SupervisionHost();
        var n = await host.AcceptedAsync();
        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合条件"));
        return (host, Assert.Single(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision)));
    }

    [Fact]
    public async Task Raise_Commit_DeliversToTheSinkThroughTheOutboxOnce()
    {
        var (host, alert) = await RedAlertAsync();
        using var _ = host;

        await host.Engine.ProcessOutboxAsync();
        await host.Engine.ProcessOutboxAsync();

        var received = Assert.Single(host.Sink.Received, a => a.Alert.AlertId == alert.AlertId);
        Assert.Equal(alert, received.Alert);
    }

    [Fact]
    public async Task AcknowledgeThenResolve_RecordsWhoAndWhenAndNotifiesTheSink()
    {
        var (host, alert) = await RedAlertAsync();
        using var _ = host;
        host.Clock.Advance(TimeSpan.FromHours(1));

        var acknowledged = await host.Alerts.AcknowledgeAsync(alert.AlertId, "督查室", "已签收");
        await host.Alerts.AcknowledgeAsync(alert.AlertId, "督查室");
        host.Clock.Advance(TimeSpan.FromHours(1));
        var resolved = await host.Alerts.ResolveAsync(alert.AlertId, "审批科", "已补办流程");
        await host.Engine.ProcessOutboxAsync();

        Assert.Equal(AlertStatus.Acknowledged, acknowledged.Status);
        Assert.Equal(SupervisionHost.Monday.AddHours(1), acknowledged.AcknowledgedAt);
        Assert.Equal(AlertStatus.Resolved, resolved.Status);
        Assert.Equal("督查室", resolved.AcknowledgedBy);
        Assert.Equal("审批科", resolved.ResolvedBy);
        Assert.Equal("已补办流程", resolved.Note);
        Assert.Equal(resolved, await host.Alerts.GetAlertAsync(alert.AlertId));
        Assert.Equal([AlertStatus.Raised, AlertStatus.Acknowledged, AlertStatus.Resolved],
            host.Sink.Received.Where(a => a.Alert.AlertId == alert.AlertId).Select(a => a.Alert.Status));
    }

    [Fact]
    public async Task Resolve_AlreadyResolved_ThrowsWithStatus()
    {
        var (host, alert) = await RedAlertAsync();
        using var _ = host;
        await host.Alerts.ResolveAsync(alert.AlertId, "审批科", "已整改");

        var ex = await Assert.ThrowsAsync<AlertStateException>(() => host.Alerts.ResolveAsync(alert.AlertId, "审批科", "再次"));
        Assert.Equal(AlertStatus.Resolved, ex.Status);
        await Assert.ThrowsAsync<AlertStateException>(() => host.Alerts.AcknowledgeAsync(alert.AlertId, "督查室"));
        await Assert.ThrowsAsync<AlertNotFoundException>(() => host.Alerts.AcknowledgeAsync("none", "督查室"));
    }

    [Fact]
    public async Task RaiseOverdue_督办DatePassedUnresolved_RaisesRedOnce()
    {
        var (host, alert) = await RedAlertAsync();
        using var _ = host;
        Assert.Equal(0, await host.Alerts.RaiseOverdueAsync());
        host.Clock.SetUtcNow(alert.SuperviseBy!.Value.AddMinutes(1));

        Assert.Equal(1, await host.Alerts.RaiseOverdueAsync());
        Assert.Equal(0, await host.Alerts.RaiseOverdueAsync());

        var overdue = Assert.Single(await host.AlertsAsync(alert.CaseNumber, SupervisionRules.SupervisionOverdue));
        Assert.Equal(AlertLevel.Red, overdue.Level);
        Assert.Contains(alert.AlertId, overdue.Evidence);
        Assert.True((await host.Alerts.GetAlertAsync(alert.AlertId))!.Escalated);
    }

    [Fact]
    public async Task RaiseOverdue_ResolvedInTime_RaisesNothing()
    {
        var (host, alert) = await RedAlertAsync();
        using var _ = host;
        await host.Alerts.ResolveAsync(alert.AlertId, "审批科", "已整改");
        host.Clock.SetUtcNow(alert.SuperviseBy!.Value.AddDays(1));

        Assert.Equal(0, await host.Alerts.RaiseOverdueAsync());
    }

    [Fact]
    public async Task Reminder_HasNo督办Date()
    {
        using var host = new SupervisionHost(configuration: "rules:\n  process.off-system-decision: { level: reminder }\n");
        var n = await host.AcceptedAsync();

        await host.RunAsync(new Decide(n, "boss", host.Key(), CaseOutcome.Denied, "不符合条件"));

        Assert.Null(Assert.Single(await host.AlertsAsync(n, SupervisionRules.OffSystemDecision)).SuperviseBy);
    }
}
