namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 7 (see <see cref="SqliteSchema"/>): fewer pages written per group commit.
/// <list type="bullet">
/// <item>Snapshots may be stored deflated (<see cref="SnapshotCodec"/>): <c>snapshot_size</c> is the original size, NULL
/// for a snapshot stored as given (every snapshot of an older file, so nothing is rewritten).</item>
/// <item>An outbox row is written once and never updated. Delivery state lives in two narrow tables keyed by the
/// row's <c>seq</c>: <c>outbox_pending</c> (a row per undelivered message with its attempts, next attempt, dead flag and
/// last error; deleted on delivery) and <c>outbox_delivered</c> (when each was delivered, appended in delivery order).
/// Marking a ~400-byte outbox row delivered used to update it, rewriting an old outbox leaf per mark or two: the outbox
/// rows were ~30 of a simulator group commit's ~305 WAL frames (for ~17 inserts and as many marks), now ~13. The message id stays unique
/// (<c>ux_outbox_message</c>), and <c>seq</c> is a plain rowid: rows are never deleted, so it still grows in commit
/// order, without the <c>sqlite_sequence</c> update per row that AUTOINCREMENT cost.</item>
/// <item>The event log is keyed by a small integer case id instead of the case-number text: <c>case_ids</c> gives every
/// case number an id once (<c>case_id</c>, a rowid alias, so VACUUM never renumbers it; written when a case is filed,
/// never updated), and an event row carries <c>case_id</c> where it carried the ~27-byte case number, with
/// <c>ux_events_case</c> on <c>(case_id, sequence)</c>. Every command inserts its events into its case's leaf of that
/// index; with the text key a 1 KB leaf held ~24 entries, so leaves split often and the splits dirtied interior pages
/// (~48 of a simulator group commit's ~257 WAL frames). The ids live in a table of their own rather than in
/// <c>cases</c> so that an event row stays attributable to its case number when its case row is deleted (the audit
/// names such a case).</item>
/// <item>An outbox message id of the engine's shape (<c>&lt;case number&gt;:&lt;n&gt;:&lt;k&gt;</c>) is kept unique through
/// <c>message_key</c>, an integer made of the rowid of event (case, n) and k (<see cref="MessageKey"/>), in
/// <c>ux_outbox_key</c>: event rowids grow in commit order, so a group's keys are appended to the index's last leaves,
/// where the text ids landed in a leaf per case (~29 of a simulator group commit's ~222 WAL frames). Every other id —
/// another shape, an id whose event did not exist when it was committed, every row of an upgraded file (their key is
/// NULL) — stays unique by its text in <c>ux_outbox_message</c>, a partial index of the rows without a key.</item>
/// <item><c>ix_tasks_case</c> holds only the tasks whose id does not begin with their case number and a slash. The
/// engine's task ids are <c>&lt;case number&gt;/&lt;n&gt;</c>, so a case's tasks are already together in the table's own
/// key order and are found by a range of it; the index, written per case for every task inserted or deleted (~7 of a
/// simulator group commit's WAL frames), is left with the tasks of other ids.</item>
/// </list>
/// Existing rows are copied in <c>seq</c> (outbox) and <c>id</c> (events) order, keeping both, and every event's
/// bytes and hash.</summary>
internal static class SchemaV7
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        ALTER TABLE snapshots ADD COLUMN snapshot_size INTEGER;
        CREATE TABLE outbox_v7 (
            seq         INTEGER PRIMARY KEY,
            message_id  TEXT NOT NULL,
            case_number TEXT NOT NULL,
            channel     TEXT NOT NULL,
            type        TEXT NOT NULL,
            payload     BLOB NOT NULL,
            created_at  INTEGER NOT NULL,
            message_key INTEGER
        );
        INSERT INTO outbox_v7 (seq, message_id, case_number, channel, type, payload, created_at)
          SELECT seq, message_id, case_number, channel, type, payload, created_at FROM outbox ORDER BY seq;
        CREATE TABLE outbox_pending (
            seq             INTEGER PRIMARY KEY,
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL DEFAULT 0,
            dead            INTEGER NOT NULL DEFAULT 0,
            last_error      TEXT
        );
        INSERT INTO outbox_pending (seq, attempts, next_attempt_at, dead, last_error)
          SELECT seq, attempts, next_attempt_at, dead, last_error FROM outbox WHERE delivered_at IS NULL ORDER BY seq;
        CREATE TABLE outbox_delivered (
            seq          INTEGER PRIMARY KEY,
            delivered_at INTEGER NOT NULL
        );
        INSERT INTO outbox_delivered (seq, delivered_at) SELECT seq, delivered_at FROM outbox WHERE delivered_at IS NOT NULL ORDER BY seq;
        DROP TABLE outbox;
        ALTER TABLE outbox_v7 RENAME TO outbox;
        CREATE UNIQUE INDEX ux_outbox_key ON outbox (message_key) WHERE message_key IS NOT NULL;
        CREATE UNIQUE INDEX ux_outbox_message ON outbox (message_id) WHERE message_key IS NULL;
        CREATE TABLE case_ids (
            case_id     INTEGER PRIMARY KEY,
            case_number TEXT NOT NULL UNIQUE
        );
        INSERT INTO case_ids (case_number) SELECT case_number FROM cases UNION SELECT case_number FROM events ORDER BY 1;
        CREATE TABLE events_v7 (
            id          INTEGER PRIMARY KEY,
            case_id     INTEGER NOT NULL,
            sequence    INTEGER NOT NULL,
            type        TEXT NOT NULL,
            at          INTEGER NOT NULL,
            actor       TEXT NOT NULL,
            command_key TEXT NOT NULL,
            payload     BLOB NOT NULL,
            hash        BLOB NOT NULL
        );
        INSERT INTO events_v7 (id, case_id, sequence, type, at, actor, command_key, payload, hash)
          SELECT e.id, k.case_id, e.sequence, e.type, e.at, e.actor, e.command_key, e.payload, e.hash
          FROM events e JOIN case_ids k ON k.case_number = e.case_number ORDER BY e.id;
        DROP TABLE events;
        ALTER TABLE events_v7 RENAME TO events;
        CREATE UNIQUE INDEX ux_events_case ON events (case_id, sequence);
        DROP INDEX ix_tasks_case;
        CREATE INDEX ix_tasks_case ON tasks (case_number) WHERE substr(task_id, 1, length(case_number) + 1) <> case_number || '/';
        """;
}
