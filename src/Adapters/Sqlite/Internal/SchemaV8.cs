namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>Schema 8 (see <see cref="SqliteSchema"/>): one text index on the case number instead of three.
/// <list type="bullet">
/// <item><c>cases</c> is keyed by the case's id from <c>case_ids</c> (<c>case_id</c>, its rowid) instead of by the case
/// number, which stays a plain column. A case is found by number through <c>case_ids</c>' unique index, which every
/// case already has an entry in (schema 7), so the number is indexed once for the event log and the case row alike.
/// The number's uniqueness among cases follows: a case row's id is the one its number has. In a 10,000-case simulator
/// run the case table's own text index (<c>sqlite_autoindex_cases_1</c>) was 2.2 % of the pages the checkpointer wrote
/// back, and an insert into a random leaf for every filed case.</item>
/// <item><c>snapshots</c> is keyed by the same id (<c>snapshot_of</c>, now an integer rowid alias) instead of the case
/// number in a rowid table with a text primary key: that key was a second b-tree (<c>sqlite_autoindex_snapshots_1</c>,
/// another 2.2 %), written for every filed case, and looked up for every snapshot written. The writer knows the id of
/// every case it writes (the known-case table), so a snapshot is one rowid upsert.</item>
/// <item><c>evaluations</c> (好差评, a WITHOUT ROWID table) is keyed by (case id, channel) instead of (case number,
/// channel), and keeps no case number. Cases are rated after they conclude, roughly in filing order, so new rows land at
/// the end of the table by id, where the text key put each in a random leaf (2.2 % of the checkpointed pages).</item>
/// <item><c>ix_cases_concluded</c> is dropped: no query reads it since schema 4 (the statistics use
/// <c>ix_cases_finished</c> and the breakdown indexes), and it was written for every concluded, rejected or withdrawn case.</item>
/// </list>
/// Rows are copied in case-id order, with every column as it was; the event log, the audit chain and every hash are
/// untouched (events are keyed by case id since schema 7). A case, snapshot or evaluation whose number had no id (none is written so by
/// schema 7, but a file edited by hand may have one) is given one first.</summary>
internal static class SchemaV8
{
    /// <summary>The migration (appended to <see cref="SqliteSchema"/>'s list).</summary>
    public const string Migration =
        """
        INSERT INTO case_ids (case_number)
          SELECT case_number FROM cases WHERE case_number NOT IN (SELECT case_number FROM case_ids)
          UNION SELECT snapshot_of FROM snapshots WHERE snapshot_of NOT IN (SELECT case_number FROM case_ids)
          UNION SELECT case_number FROM evaluations WHERE case_number NOT IN (SELECT case_number FROM case_ids) ORDER BY 1;
        CREATE TABLE cases_v8 (
            case_id         INTEGER PRIMARY KEY,
            case_number     TEXT NOT NULL,
            item_code       TEXT NOT NULL,
            item_version    INTEGER NOT NULL,
            content_hash    TEXT NOT NULL,
            department      TEXT NOT NULL,
            kind            TEXT NOT NULL,
            state           TEXT NOT NULL,
            outcome         TEXT,
            applicant       TEXT,
            version         INTEGER NOT NULL,
            submitted_at    INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            concluded_at    INTEGER,
            earliest_due    INTEGER,
            chain_head      BLOB,
            accepted_at     INTEGER,
            due_at          INTEGER,
            limit_minutes   INTEGER,
            finished_at     INTEGER,
            result          TEXT,
            working_minutes INTEGER,
            on_time         INTEGER,
            early           INTEGER
        );
        INSERT INTO cases_v8 (case_id, case_number, item_code, item_version, content_hash, department, kind, state, outcome, applicant, version,
            submitted_at, updated_at, concluded_at, earliest_due, chain_head, accepted_at, due_at, limit_minutes, finished_at, result, working_minutes, on_time, early)
          SELECT k.case_id, c.case_number, c.item_code, c.item_version, c.content_hash, c.department, c.kind, c.state, c.outcome, c.applicant, c.version,
            c.submitted_at, c.updated_at, c.concluded_at, c.earliest_due, c.chain_head, c.accepted_at, c.due_at, c.limit_minutes, c.finished_at, c.result,
            c.working_minutes, c.on_time, c.early
          FROM cases c JOIN case_ids k ON k.case_number = c.case_number ORDER BY k.case_id;
        CREATE TABLE snapshots_v8 (
            snapshot_of      INTEGER PRIMARY KEY,
            snapshot_version INTEGER NOT NULL,
            snapshot         BLOB NOT NULL,
            snapshot_size    INTEGER
        );
        INSERT INTO snapshots_v8 (snapshot_of, snapshot_version, snapshot, snapshot_size)
          SELECT k.case_id, s.snapshot_version, s.snapshot, s.snapshot_size FROM snapshots s JOIN case_ids k ON k.case_number = s.snapshot_of ORDER BY k.case_id;
        DROP TABLE snapshots;
        ALTER TABLE snapshots_v8 RENAME TO snapshots;
        DROP TABLE cases;
        ALTER TABLE cases_v8 RENAME TO cases;
        CREATE INDEX ix_cases_due ON cases (earliest_due) WHERE earliest_due IS NOT NULL;
        CREATE INDEX ix_cases_submitted ON cases (submitted_at);
        CREATE INDEX ix_cases_applicant ON cases (applicant, submitted_at) WHERE applicant IS NOT NULL;
        CREATE INDEX ix_cases_state ON cases (state, submitted_at);
        CREATE INDEX ix_cases_item ON cases (item_code, submitted_at);
        CREATE INDEX ix_cases_department ON cases (department, submitted_at);
        CREATE INDEX ix_cases_finished ON cases (finished_at, item_code, department, kind, result, on_time, early, working_minutes)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_item ON cases (item_code, finished_at, on_time, early, working_minutes, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_department ON cases (department, finished_at, on_time, early, working_minutes, item_code)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_kind ON cases (kind, finished_at, on_time, early, working_minutes, item_code, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_by_result ON cases (result, finished_at, on_time, early, working_minutes, item_code, department)
          WHERE finished_at IS NOT NULL;
        CREATE INDEX ix_cases_duration ON cases (working_minutes, finished_at, item_code, department)
          WHERE working_minutes IS NOT NULL;
        CREATE INDEX ix_cases_open_due ON cases (due_at, item_code, department, state)
          WHERE due_at IS NOT NULL AND finished_at IS NULL;
        CREATE TABLE evaluations_v8 (
            case_id      INTEGER NOT NULL,
            channel      TEXT NOT NULL,
            rating       INTEGER NOT NULL,
            at           INTEGER NOT NULL,
            item_code    TEXT NOT NULL,
            department   TEXT NOT NULL,
            comment      TEXT,
            contact_due  INTEGER,
            rectify_due  INTEGER,
            contacted_at INTEGER,
            rectified_at INTEGER,
            PRIMARY KEY (case_id, channel)
        ) WITHOUT ROWID;
        INSERT INTO evaluations_v8 (case_id, channel, rating, at, item_code, department, comment, contact_due, rectify_due, contacted_at, rectified_at)
          SELECT k.case_id, e.channel, e.rating, e.at, e.item_code, e.department, e.comment, e.contact_due, e.rectify_due, e.contacted_at, e.rectified_at
          FROM evaluations e JOIN case_ids k ON k.case_number = e.case_number ORDER BY k.case_id, e.channel;
        DROP TABLE evaluations;
        ALTER TABLE evaluations_v8 RENAME TO evaluations;
        CREATE INDEX ix_evaluations_at ON evaluations (at, rating, item_code, department);
        CREATE INDEX ix_evaluations_open ON evaluations (rectify_due) WHERE rectify_due IS NOT NULL AND rectified_at IS NULL;
        """;
}
