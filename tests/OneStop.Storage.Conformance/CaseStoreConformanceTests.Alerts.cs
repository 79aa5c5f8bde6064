using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;

namespace OneStop.Storage.Conformance;

public abstract partial class CaseStoreConformanceTests
{
    private IAlertStore Alerts => Store as IAlertStore ?? throw new InvalidOperationException("The store does not implement IAlertStore.");

    private static Alert SomeAlert(string id, string caseNumber, AlertLevel level = AlertLevel.Yellow, DateTimeOffset? raised = null, DateTimeOffset? by = null) =>
        new(id, caseNumber, "000104002000", "process.second-correction", level, AlertStatus.Raised, "review", "市教育局", "窗口",
            "第二次补正：补充说明", raised ?? Some.T0, by);

    [Fact]
    public async Task CommitAsync_WithAlerts_StoresThemWithTheCommit()
    {
        var alert = SomeAlert("C1:process.second-correction:1", "C1", by: Some.T0.AddDays(3)) with { Note = "备注" };
        await Store.CommitAsync(Some.Commit("C1", 0) with { Alerts = [alert] });

        var stored = await Alerts.GetAlertAsync(alert.AlertId);
        Assert.Equal(alert, stored);
        Assert.Null(await Alerts.GetAlertAsync("none"));
    }

    [Fact]
    public async Task CommitAsync_RefusedWithAlerts_StoresNoAlert()
    {
        await Store.CommitAsync(Some.Commit("C1", 0));
        var stale = Some.Commit("C1", 0, key: "other") with { Alerts = [SomeAlert("A1", "C1")] };

        await Assert.ThrowsAsync<ConcurrencyException>(() => Store.CommitAsync(stale));

        Assert.Null(await Alerts.GetAlertAsync("A1"));
    }

    [Fact]
    public async Task WriteAlertsAsync_Upsert_ReplacesByIdAndEnqueuesMessages()
    {
        await Store.CommitAsync(Some.Commit("C1", 0));
        var alert = SomeAlert("A1", "C1");
        await Alerts.WriteAlertsAsync([alert], [Some.Message("A1/Raised", "C1")]);
        var resolved = alert with { Status = AlertStatus.Resolved, ResolvedAt = Some.T0.AddHours(2), ResolvedBy = "督查", Note = "已整改", Escalated = true };

        await Alerts.WriteAlertsAsync([resolved], [Some.Message("A1/Resolved", "C1")]);

        Assert.Equal(resolved, await Alerts.GetAlertAsync("A1"));
        var pending = (await Store.GetPendingMessagesAsync(Some.T0.AddDays(1), 10)).Select(p => p.Message.MessageId).ToList();
        Assert.Equal(["A1/Raised", "A1/Resolved"], pending);
    }

    [Fact]
    public async Task WriteAlertsAsync_DuplicateMessageId_RefusesEverything()
    {
        await Store.CommitAsync(Some.Commit("C1", 0, outbox: [Some.Message("m1", "C1")]));

        await Assert.ThrowsAsync<StoreException>(() => Alerts.WriteAlertsAsync([SomeAlert("A1", "C1")], [Some.Message("m1", "C1")]));

        Assert.Null(await Alerts.GetAlertAsync("A1"));
    }

    [Fact]
    public async Task ListAlertsAsync_Filters_NewestFirstWithTotal()
    {
        await Alerts.WriteAlertsAsync(
        [
            SomeAlert("A1", "C1", AlertLevel.Red, Some.T0),
            SomeAlert("A2", "C1", AlertLevel.Yellow, Some.T0.AddMinutes(1)),
            SomeAlert("A3", "C2", AlertLevel.Red, Some.T0.AddMinutes(2)) with { Status = AlertStatus.Resolved },
        ], []);

        var all = await Alerts.ListAlertsAsync(new AlertQuery());
        Assert.Equal(["A3", "A2", "A1"], all.Items.Select(a => a.AlertId));
        Assert.Equal(3, all.Total);
        Assert.Equal(["A2", "A1"], (await Alerts.ListAlertsAsync(new AlertQuery { CaseNumber = "C1" })).Items.Select(a => a.AlertId));
        Assert.Equal(["A3", "A1"], (await Alerts.ListAlertsAsync(new AlertQuery { Level = AlertLevel.Red })).Items.Select(a => a.AlertId));
        Assert.Equal(["A3"], (await Alerts.ListAlertsAsync(new AlertQuery { Status = AlertStatus.Resolved })).Items.Select(a => a.AlertId));
        var page = await Alerts.ListAlertsAsync(new AlertQuery { Offset = 1, Limit = 1 });
        Assert.Equal(["A2"], page.Items.Select(a => a.AlertId));
        Assert.Equal(3, page.Total);
    }

    [Fact]
    public async Task FindOverdueAlertsAsync_OnlyUnresolvedUnescalatedDue_EarliestFirst()
    {
        await Alerts.WriteAlertsAsync(
        [
            SomeAlert("late2", "C1", by: Some.T0.AddHours(2)),
            SomeAlert("late1", "C1", by: Some.T0.AddHours(1)),
            SomeAlert("future", "C1", by: Some.T0.AddDays(5)),
            SomeAlert("none", "C1"),
            SomeAlert("resolved", "C1", by: Some.T0) with { Status = AlertStatus.Resolved },
            SomeAlert("escalated", "C1", by: Some.T0) with { Escalated = true },
        ], []);

        var due = await Alerts.FindOverdueAlertsAsync(Some.T0.AddDays(1), 10);

        Assert.Equal(["late1", "late2"], due.Select(a => a.AlertId));
        Assert.Equal(["late1"], (await Alerts.FindOverdueAlertsAsync(Some.T0.AddDays(1), 1)).Select(a => a.AlertId));
    }
}
