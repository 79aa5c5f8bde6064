using OneStop.Adapters.Sqlite.Internal;
using OneStop.Definitions;
using OneStop.Engine;
using OneStop.Engine.Storage;
using OneStop.Storage.Conformance;

namespace OneStop.Adapters.Sqlite.Tests;

/// <summary>Schema 10: <c>alerts</c> is a rowid table with its id unique in <c>ux_alerts_id</c>; files of schema 9
/// upgrade in place with every alert as it was.</summary>
public sealed class SchemaV10Tests : IDisposable
{
    private readonly TempFile _file = new(), _fresh9 = new(), _fresh10 = new();

    public void Dispose()
    {
        _file.Dispose();
        _fresh9.Dispose();
        _fresh10.Dispose();
    }

    /// <summary>Lays a schema 10 file (or a later one, laid out as schema 10 first) out as schema 9 did: alerts in a WITHOUT
    /// ROWID table keyed by their id.</summary>
    internal const string DowngradeToVersion9 = SchemaV11Tests.DowngradeToVersion10 +
        """
        CREATE TABLE alerts_9 (
            alert_id        TEXT PRIMARY KEY,
            case_number     TEXT NOT NULL,
            item_code       TEXT NOT NULL,
            rule_id         TEXT NOT NULL,
            level           TEXT NOT NULL,
            status          TEXT NOT NULL,
            step_id         TEXT,
            department      TEXT,
            actor           TEXT,
            evidence        TEXT NOT NULL,
            raised_at       INTEGER NOT NULL,
            supervise_by    INTEGER,
            acknowledged_at INTEGER,
            acknowledged_by TEXT,
            resolved_at     INTEGER,
            resolved_by     TEXT,
            note            TEXT,
            escalated       INTEGER NOT NULL DEFAULT 0
        ) WITHOUT ROWID;
        INSERT INTO alerts_9 SELECT alert_id, case_number, item_code, rule_id, level, status, step_id, department, actor, evidence, raised_at,
            supervise_by, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note, escalated FROM alerts;
        DROP TABLE alerts;
        ALTER TABLE alerts_9 RENAME TO alerts;
        CREATE INDEX ix_alerts_case ON alerts (case_number, raised_at);
        CREATE INDEX ix_alerts_raised ON alerts (raised_at);
        CREATE INDEX ix_alerts_open ON alerts (status, level) WHERE status <> 'Resolved';
        CREATE INDEX ix_alerts_supervise ON alerts (supervise_by) WHERE supervise_by IS NOT NULL AND status <> 'Resolved' AND escalated = 0;
        PRAGMA user_version = 9;
        """;

    private object? Scalar(string sql) => _file.Scalar(sql);

    // Evidence as long as the simulator's (~140 characters), so that a row of schema 9 spilled into an overflow page.
    private static Alert SomeAlert(int i, string caseNumber) =>
        new($"{caseNumber}:time.case-near-due:{i}", caseNumber, "000104002000", "time.case-near-due", (AlertLevel)(i % 3), AlertStatus.Raised, "review",
            "市教育局", "窗口", $"Promised clock promised#{i} (8 workdays) reached threshold 'w0-yellow' (Yellow); due 2025-09-25 09:00Z, {i} working minutes left; outcome Warned",
            Some.T0.AddMinutes(i), i % 2 == 0 ? Some.T0.AddDays(3).AddMinutes(i) : null);

    /// <summary>Writes 40 alerts over four cases, then updates every third one in place.</summary>
    private static async Task<List<Alert>> WriteAlertsAsync(SqliteCaseStore store)
    {
        var alerts = new List<Alert>();
        for (var c = 1; c <= 4; c++)
        {
            var number = "C" + c;
            var raised = Enumerable.Range(c * 10, 10).Select(i => SomeAlert(i, number)).ToList();
            await store.CommitAsync(Some.Commit(number, 0) with { Alerts = raised });
            alerts.AddRange(raised);
        }
        for (var i = 0; i < alerts.Count; i += 3)
        {
            alerts[i] = alerts[i] with { Status = AlertStatus.Resolved, ResolvedAt = Some.T0.AddHours(i), ResolvedBy = "督查", Note = "已整改", Escalated = i % 2 == 0 };
            await store.WriteAlertsAsync([alerts[i]], [Some.Message(alerts[i].AlertId + "/Resolved", alerts[i].CaseNumber)]);
        }
        return alerts;
    }

    private static async Task AssertStoredAsync(SqliteCaseStore store, List<Alert> alerts)
    {
        foreach (var alert in alerts) Assert.Equal(alert, await store.GetAlertAsync(alert.AlertId));
        var listed = await store.ListAlertsAsync(new AlertQuery { Limit = 100 });
        Assert.Equal(alerts.Count, listed.Total);
        Assert.Equal(alerts.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal).Select(a => a.AlertId), listed.Items.Select(a => a.AlertId));
    }

    [Fact]
    public async Task NewFile_AlertsInARowidTableUniqueById()
    {
        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            var alerts = await WriteAlertsAsync(store);
            await AssertStoredAsync(store, alerts);
        }
        // A WITHOUT ROWID table has no rowid to select.
        Assert.Equal(40L, Scalar("SELECT count(rowid) FROM alerts"));
        Assert.Equal(1L, Scalar("SELECT count(*) FROM pragma_index_list('alerts') WHERE name = 'ux_alerts_id' AND \"unique\" = 1 AND partial = 0"));
        Assert.Equal("alert_id", Scalar("SELECT name FROM pragma_index_info('ux_alerts_id')"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public async Task Open_Version9File_KeepsEveryAlertAndUpdatesInPlace()
    {
        List<Alert> alerts;
        await using (var store = SqliteCaseStore.Open(_file.Path)) alerts = await WriteAlertsAsync(store);
        using (var connection = _file.Connect()) SqliteSchema.Execute(connection, DowngradeToVersion9);
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh9, 9)), SchemaV8Tests.Layout(_file));

        await using (var store = SqliteCaseStore.Open(_file.Path))
        {
            await AssertStoredAsync(store, alerts);
            // The upsert finds an upgraded row by its id: updated in place, not added.
            alerts[1] = alerts[1] with { Status = AlertStatus.Acknowledged, AcknowledgedAt = Some.T0.AddDays(1), AcknowledgedBy = "窗口" };
            await store.WriteAlertsAsync([alerts[1]], [Some.Message(alerts[1].AlertId + "/Acknowledged", alerts[1].CaseNumber)]);
            await AssertStoredAsync(store, alerts);
        }
        Assert.Equal((long)SqliteSchema.CurrentVersion, Scalar("PRAGMA user_version"));
        Assert.Equal(SchemaV8Tests.Layout(SchemaV8Tests.Fresh(_fresh10, SqliteSchema.CurrentVersion)), SchemaV8Tests.Layout(_file));
        Assert.Equal(40L, Scalar("SELECT count(rowid) FROM alerts"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
    }
}
