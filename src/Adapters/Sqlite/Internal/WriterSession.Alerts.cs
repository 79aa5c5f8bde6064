using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    private SqliteCommand? _upsertAlert;

    /// <summary>Inserts or replaces an alert by id (inside the current savepoint).</summary>
    public void UpsertAlert(Alert a)
    {
        _upsertAlert ??= Prepare(
            """
            INSERT INTO alerts (alert_id, case_number, item_code, rule_id, level, status, step_id, department, actor, evidence, raised_at,
              supervise_by, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note, escalated)
            VALUES ($id, $c, $item, $rule, $level, $status, $step, $dept, $actor, $evidence, $raised, $by, $ackAt, $ackBy, $resAt, $resBy, $note, $esc)
            ON CONFLICT (alert_id) DO UPDATE SET level = excluded.level, status = excluded.status, step_id = excluded.step_id,
              department = excluded.department, actor = excluded.actor, evidence = excluded.evidence, supervise_by = excluded.supervise_by,
              acknowledged_at = excluded.acknowledged_at, acknowledged_by = excluded.acknowledged_by, resolved_at = excluded.resolved_at,
              resolved_by = excluded.resolved_by, note = excluded.note, escalated = excluded.escalated
            """,
            ("$id", SqliteType.Text), ("$c", SqliteType.Text), ("$item", SqliteType.Text), ("$rule", SqliteType.Text), ("$level", SqliteType.Text),
            ("$status", SqliteType.Text), ("$step", SqliteType.Text), ("$dept", SqliteType.Text), ("$actor", SqliteType.Text),
            ("$evidence", SqliteType.Text), ("$raised", SqliteType.Integer), ("$by", SqliteType.Integer), ("$ackAt", SqliteType.Integer),
            ("$ackBy", SqliteType.Text), ("$resAt", SqliteType.Integer), ("$resBy", SqliteType.Text), ("$note", SqliteType.Text),
            ("$esc", SqliteType.Integer));
        Bind(_upsertAlert, a.AlertId, a.CaseNumber, a.ItemCode, a.RuleId, a.Level.ToString(), a.Status.ToString(), OrNull(a.StepId),
            OrNull(a.Department), OrNull(a.Actor), a.Evidence, Ticks(a.RaisedAt), Ticks(a.SuperviseBy), Ticks(a.AcknowledgedAt),
            OrNull(a.AcknowledgedBy), Ticks(a.ResolvedAt), OrNull(a.ResolvedBy), OrNull(a.Note), a.Escalated ? 1 : 0);
        _upsertAlert.ExecuteNonQuery();
    }

    /// <summary>An alert-only write: alerts and their outbox messages, all or nothing (the caller's savepoint).</summary>
    public void WriteAlerts(IReadOnlyList<Alert> alerts, IReadOnlyList<OutboxMessage> outbox)
    {
        foreach (var a in alerts) UpsertAlert(a);
        foreach (var m in outbox) InsertOutbox(m);
    }
}
