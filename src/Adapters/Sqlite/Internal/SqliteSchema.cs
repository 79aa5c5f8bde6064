using Microsoft.Data.Sqlite;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The file format: <c>PRAGMA application_id</c> marks a OneStop store, <c>PRAGMA user_version</c> is the
/// schema version, and each migration moves a file from version n−1 to n inside the caller's transaction.
/// Migrations are append-only: a released one is never edited.</summary>
internal static class SqliteSchema
{
    /// <summary>"OnSt" as a big-endian 32-bit integer.</summary>
    public const int ApplicationId = 0x4F6E5374;

    /// <summary>The schema version this build writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    // Instants are INTEGER UTC ticks (exact, sortable); payloads are BLOBs the store never interprets.
    private static readonly string[] Migrations =
    [
        // 1: cases, event log, pinned definitions, outbox, commands, open tasks.
        """
        CREATE TABLE cases (
            case_number  TEXT PRIMARY KEY,
            item_code    TEXT NOT NULL,
            item_version INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            department   TEXT NOT NULL,
            kind         TEXT NOT NULL,
            state        TEXT NOT NULL,
            outcome      TEXT,
            applicant    TEXT,
            version      INTEGER NOT NULL,
            submitted_at INTEGER NOT NULL,
            updated_at   INTEGER NOT NULL,
            concluded_at INTEGER,
            earliest_due INTEGER,
            snapshot     BLOB NOT NULL
        );
        CREATE INDEX ix_cases_due ON cases (earliest_due) WHERE earliest_due IS NOT NULL;
        CREATE INDEX ix_cases_submitted ON cases (submitted_at);
        CREATE INDEX ix_cases_applicant ON cases (applicant, submitted_at) WHERE applicant IS NOT NULL;
        CREATE TABLE events (
            case_number TEXT NOT NULL,
            sequence    INTEGER NOT NULL,
            type        TEXT NOT NULL,
            at          INTEGER NOT NULL,
            actor       TEXT NOT NULL,
            command_key TEXT NOT NULL,
            payload     BLOB NOT NULL,
            hash        BLOB NOT NULL,
            PRIMARY KEY (case_number, sequence)
        ) WITHOUT ROWID;
        CREATE TABLE definitions (
            content_hash TEXT PRIMARY KEY,
            item_code    TEXT NOT NULL,
            item_version INTEGER NOT NULL,
            text         TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE outbox (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            message_id      TEXT NOT NULL UNIQUE,
            case_number     TEXT NOT NULL,
            channel         TEXT NOT NULL,
            type            TEXT NOT NULL,
            payload         BLOB NOT NULL,
            created_at      INTEGER NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            dead            INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT,
            delivered_at    INTEGER
        );
        CREATE INDEX ix_outbox_pending ON outbox (seq) WHERE delivered_at IS NULL;
        CREATE TABLE commands (
            idempotency_key TEXT PRIMARY KEY,
            case_number     TEXT NOT NULL,
            result          BLOB NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE tasks (
            task_id     TEXT PRIMARY KEY,
            case_number TEXT NOT NULL,
            step_id     TEXT NOT NULL,
            role        TEXT,
            department  TEXT,
            assignee    TEXT,
            created_at  INTEGER NOT NULL,
            due         INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ix_tasks_case ON tasks (case_number);
        CREATE INDEX ix_tasks_assignee ON tasks (assignee, due, created_at) WHERE assignee IS NOT NULL;
        CREATE INDEX ix_tasks_role ON tasks (role, due, created_at) WHERE assignee IS NULL;
        CREATE INDEX ix_tasks_department ON tasks (department, due, created_at) WHERE assignee IS NULL;
        """,
        // 2: statistics and search by state, item and department, and the conclusion period.
        """
        CREATE INDEX ix_cases_state ON cases (state, submitted_at);
        CREATE INDEX ix_cases_item ON cases (item_code, submitted_at);
        CREATE INDEX ix_cases_department ON cases (department, submitted_at);
        CREATE INDEX ix_cases_concluded ON cases (concluded_at, item_code, department) WHERE concluded_at IS NOT NULL;
        """,
        // 3: supervision alerts (upserted by id; lifecycle columns updated in place).
        """
        CREATE TABLE alerts (
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
        CREATE INDEX ix_alerts_case ON alerts (case_number, raised_at);
        CREATE INDEX ix_alerts_raised ON alerts (raised_at);
        CREATE INDEX ix_alerts_open ON alerts (status, level) WHERE status <> 'Resolved';
        CREATE INDEX ix_alerts_supervise ON alerts (supervise_by) WHERE supervise_by IS NOT NULL AND status <> 'Resolved' AND escalated = 0;
        """,
        // 4: statistics columns, evaluations (好差评) and the tamper-evident chain head: see StatisticsSchema.
        StatisticsSchema.Migration,
        // 5: snapshots in their own table, written only when the engine stores one (every n events), so that a command
        // without one updates a small case row and never rewrites the snapshot's bytes and overflow pages. A rowid table:
        // its rows are kilobytes, too large for WITHOUT ROWID. Existing snapshots are current, so they move at the case's
        // version. The key is named snapshot_of so that joining it to cases leaves every case column unambiguous.
        """
        CREATE TABLE snapshots (
            snapshot_of      TEXT PRIMARY KEY,
            snapshot_version INTEGER NOT NULL,
            snapshot         BLOB NOT NULL
        );
        INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) SELECT case_number, version, snapshot FROM cases;
        ALTER TABLE cases DROP COLUMN snapshot;
        """,
        // 6: events and command results in rowid tables, appended in commit order, with their keys in unique indexes.
        // As WITHOUT ROWID tables keyed by case (or by a random idempotency key), every insert landed in a different leaf,
        // split it when full, dirtied the interior pages above it, and rows over ~230 bytes (a third of the events, a
        // quarter of the results, with 1 KB pages) spilled into an overflow page of their own: the events alone were 139
        // of a group commit's ~372 WAL frames in the simulator. Appended rows share the last leaves of the table; only the
        // small index entries land per case.
        SchemaV6.Migration,
        // 7: deflated snapshots, outbox rows written once with their delivery state in narrow tables beside them, and the
        // event log keyed by an integer case id (case_ids) instead of the case number.
        SchemaV7.Migration,
        // 8: cases and snapshots keyed by the case id, so that the case number has one text index (case_ids') instead of
        // three; the unread ix_cases_concluded dropped.
        SchemaV8.Migration,
        // 9: a case's events linked to each other and to the case row, so that only a case's first event is indexed.
        SchemaV9.Migration,
        // 10: alerts in a rowid table, so that a row no longer spills into an overflow page that every key comparison reads.
        SchemaV10.Migration,
        // 11: the task lists' role and department indexes without the NULL keys no list reads, and a case's alerts of the engine's ids
        // read as a range of their id index instead of indexed by case.
        SchemaV11.Migration,
        // 12: a message's pending state implicit above a delivery watermark (outbox_marks); only failed, held or
        // out-of-order messages keep rows of their own.
        SchemaV12.Migration,
    ];

    /// <summary>Brings the file on <paramref name="connection"/> up to <paramref name="targetVersion"/> in one
    /// IMMEDIATE transaction, re-reading the version inside it so two openers never migrate twice.</summary>
    public static void Migrate(SqliteConnection connection, int targetVersion)
    {
        Execute(connection, "BEGIN IMMEDIATE");
        try
        {
            var from = (int)(long)Scalar(connection, "PRAGMA user_version")!;
            var appId = (int)(long)Scalar(connection, "PRAGMA application_id")!;
            if (appId != 0 && appId != ApplicationId)
                throw new InvalidOperationException($"application_id changed to {appId} while opening.");
            for (var v = from + 1; v <= targetVersion; v++) Execute(connection, Migrations[v - 1]);
            if (from < targetVersion || appId == 0)
            {
                Execute(connection, $"PRAGMA application_id = {ApplicationId}");
                Execute(connection, $"PRAGMA user_version = {Math.Max(from, targetVersion)}");
            }
            Execute(connection, "COMMIT");
        }
        catch
        {
            Execute(connection, "ROLLBACK");
            throw;
        }
    }

    public static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
