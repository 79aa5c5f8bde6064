namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 10 (see <see cref="SqliteSchema"/>): <c>alerts</c> becomes a rowid table, its id unique through
/// <c>ux_alerts_id</c>.
/// <para>As a WITHOUT ROWID table keyed by the alert id, an alert row (~320 bytes: the id, ~50 bytes, and the evidence
/// text, ~140) was a cell of an index b-tree, whose cells keep at most ~230 bytes on a 1 KB page: every row spilled into
/// an overflow page of its own (1,897 rows, 1,897 overflow pages in a 3,000-case simulation), and SQLite compares a key
/// against such a cell only after reading its whole payload, overflow page included. Every upsert's search of the table
/// therefore read an overflow page per cell it compared: 11.4 page misses and ~61 µs of the writer per alert in the
/// simulator, the costliest statement per run. A rowid table keeps such a row on its leaf (three to a 1 KB page), and
/// the id's index holds only the id and the rowid; the other indexes carry the rowid instead of the id.</para>
/// Rows are copied in the order they were raised; the rowid is internal (nothing refers to it).</summary>
internal static class SchemaV10
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        CREATE TABLE alerts_v10 (
            alert_id        TEXT NOT NULL,
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
        );
        INSERT INTO alerts_v10 (alert_id, case_number, item_code, rule_id, level, status, step_id, department, actor, evidence, raised_at,
            supervise_by, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note, escalated)
          SELECT alert_id, case_number, item_code, rule_id, level, status, step_id, department, actor, evidence, raised_at,
            supervise_by, acknowledged_at, acknowledged_by, resolved_at, resolved_by, note, escalated
          FROM alerts ORDER BY raised_at, alert_id;
        DROP TABLE alerts;
        ALTER TABLE alerts_v10 RENAME TO alerts;
        CREATE UNIQUE INDEX ux_alerts_id ON alerts (alert_id);
        CREATE INDEX ix_alerts_case ON alerts (case_number, raised_at);
        CREATE INDEX ix_alerts_raised ON alerts (raised_at);
        CREATE INDEX ix_alerts_open ON alerts (status, level) WHERE status <> 'Resolved';
        CREATE INDEX ix_alerts_supervise ON alerts (supervise_by) WHERE supervise_by IS NOT NULL AND status <> 'Resolved' AND escalated = 0;
        """;
}
