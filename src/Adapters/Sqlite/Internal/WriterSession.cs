using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using SQLitePCL;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The writer connection and its prepared statements. Used only by the writer task, inside a transaction. The
/// connection has no mutex of its own (<see cref="WriterConnection"/>): one thread at a time uses it.</summary>
internal sealed partial class WriterSession : IDisposable
{
    private readonly sqlite3 _connection;
    private readonly RawStatement _insertDefinition;
    // Every statement prepared on the connection, disposed with it (none is left to the GC's finalizer thread, which
    // would finalize it while the writer uses the connection, unguarded without a mutex).
    private readonly List<RawStatement> _statements = [];
    // The statements of every command run through SQLite's own API (see RawStatement); parameters are numbered.
    private readonly RawStatement _insertCommand, _insertCase, _upsertSnapshot, _caseVersion, _insertEvent, _insertCaseId, _caseId, _moveCaseId, _deleteTasks, _deleteOtherTasks, _deleteTask,
        _insertTask, _updateTask, _updateAssignee, _insertOutbox, _deleteCommand, _begin, _commit, _savepoint, _release, _rollbackTo;
    private readonly int _busyTimeoutMs;

    /// <summary>Deletes case ?1's tasks whose id begins with its number and a slash: a range of the table's key.</summary>
    internal const string DeleteCaseTasks = "DELETE FROM tasks WHERE task_id >= ?1 || '/' AND task_id < ?1 || '0' AND case_number = ?1";

    /// <summary>Deletes case ?1's other tasks, through the partial <c>ix_tasks_case</c> (its WHERE term repeated).</summary>
    internal const string DeleteOtherCaseTasks = "DELETE FROM tasks WHERE case_number = ?1 AND substr(task_id, 1, length(case_number) + 1) <> case_number || '/'";

    /// <param name="connection">The writer's connection (<see cref="WriterConnection.Open"/>); the session owns it.</param>
    /// <param name="busyTimeoutMs">How long a statement waits for a lock another connection holds.</param>
    /// <param name="rows">The committed rows shared with the readers.</param>
    public WriterSession(sqlite3 connection, int busyTimeoutMs, CommittedRows rows)
    {
        _connection = connection;
        _busyTimeoutMs = busyTimeoutMs;
        // The limit, polled in short steps: BEGIN waits behind the checkpointer's RESTART (see BusyWait).
        BusyWait.Install(connection, _busyTimeoutMs);
        Rows = rows;
        _insertCommand = Raw("INSERT OR IGNORE INTO commands (idempotency_key, case_number, result) VALUES (?1, ?2, ?3)");
        const string caseColumns = "item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at, updated_at, concluded_at, earliest_due, " + StatisticsSchema.CaseColumns;
        // ?1 the case number, ?2…?14 the columns above, ?15… the statistics columns (StatisticsSchema.BindCase), ?24 the
        // case id (schema 8: the row's key; the number's uniqueness is case_ids'), ?25 the rowid of its last event (schema 9).
        _insertCase = Raw($"INSERT INTO cases (case_number, {caseColumns}, case_id, last_event) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, " +
            "?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23, ?24, ?25) ON CONFLICT (case_id) DO NOTHING");
        // ?1 the case id.
        _upsertSnapshot = Raw(
            "INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot, snapshot_size) VALUES (?1, ?2, ?3, ?4) " +
            "ON CONFLICT (snapshot_of) DO UPDATE SET snapshot_version = excluded.snapshot_version, snapshot = excluded.snapshot, snapshot_size = excluded.snapshot_size");
        _caseVersion = Raw("SELECT version FROM cases WHERE " + CaseRows.ByNumber);
        // Schema 9: the writer gives each event its rowid (?9, the next after the table's largest) so that the case row,
        // written before the events, can name the last one; ?10 links it to its case's previous event (NULL: indexed).
        _insertEvent = Raw("INSERT INTO events (case_id, sequence, type, at, actor, command_key, payload, hash, id, prev) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
        // A case's id is given once, when its first commit is written; a number that already has one (only when its case
        // row was deleted behind the store's back) keeps it.
        _insertCaseId = Raw("INSERT INTO case_ids (case_number) VALUES (?1) ON CONFLICT (case_number) DO NOTHING");
        _caseId = Raw("SELECT case_id FROM case_ids WHERE case_number = ?1");
        _moveCaseId = Raw("UPDATE case_ids SET case_id = 1 + (SELECT max(m) FROM (SELECT max(case_id) AS m FROM cases UNION ALL SELECT max(case_id) FROM case_ids)) " +
            "WHERE case_id = ?1 RETURNING case_id");
        // A case's tasks whose id begins with "<case number>/" (the engine's) are a range of the table's key ('0' follows
        // '/'); any others are in the partial ix_tasks_case (schema 7), found by repeating its WHERE term.
        _deleteTasks = Raw(DeleteCaseTasks);
        _deleteOtherTasks = Raw(DeleteOtherCaseTasks);
        _deleteTask = Raw("DELETE FROM tasks WHERE task_id = ?1");
        _updateTask = Raw("UPDATE tasks SET step_id = ?2, role = ?3, department = ?4, assignee = ?5, created_at = ?6, due = ?7 WHERE task_id = ?1");
        // Claims, transfers and releases change only the holder: setting only that column leaves the role, department
        // and due-date index entries alone.
        _updateAssignee = Raw("UPDATE tasks SET assignee = ?2 WHERE task_id = ?1");
        _insertTask = Raw("INSERT INTO tasks (task_id, case_number, step_id, role, department, assignee, created_at, due) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        _insertOutbox = Raw("INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at, message_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
        _insertDefinition = Raw("INSERT OR IGNORE INTO definitions (content_hash, item_code, item_version, text) VALUES (?1, ?2, ?3, ?4)");
        // Undoes a command's idempotency record when its version check then fails, so that a refused commit leaves nothing.
        _deleteCommand = Raw("DELETE FROM commands WHERE id = ?1");
        _begin = Raw("BEGIN IMMEDIATE");
        _commit = Raw("COMMIT");
        _savepoint = Raw("SAVEPOINT w");
        _release = Raw("RELEASE w");
        _rollbackTo = Raw("ROLLBACK TO w");
    }

    /// <summary>The writer's connection (only on the thread that holds the writer).</summary>
    public sqlite3 Connection => _connection;

    /// <summary>Runs one statement (ROLLBACK, a pragma) on the writer's connection.</summary>
    public void Execute(string sql) => WriterConnection.Execute(_connection, sql);

    /// <summary>Reads <c>PRAGMA <paramref name="name"/></c> on the writer's connection (tests).</summary>
    public object? Pragma(string name) => WriterConnection.Scalar(_connection, "PRAGMA " + name);

    // Transaction control is prepared once too: a group runs a savepoint pair for each write that needs one.
    public void BeginTransaction()
    {
        ForgetPending();
        _begin.Execute();
        Rows.Began();
    }

    /// <summary>Begins a write transaction only if the write lock is free at this instant (no busy wait: the caller
    /// must never be held on its own thread by a lock someone else holds). False when it is not, or BEGIN failed.</summary>
    public bool TryBeginTransactionNow()
    {
        ForgetPending();
        BusyWait.Off(_connection);
        try
        {
            _begin.Execute();
            Rows.Began();
            return true;
        }
        catch (SqliteException)
        {
            // Busy (another connection writes) or anything else: the queued writer tries again and reports what it finds.
            return false;
        }
        finally
        {
            BusyWait.Install(_connection, _busyTimeoutMs);
        }
    }

    /// <summary>Copies the WAL's last frames back into the database (a PASSIVE checkpoint on the writer's own connection,
    /// between transactions), so that the writer's next commit starts the WAL over from its beginning. Never waits: with
    /// another checkpoint running it does nothing. True when every frame was copied.</summary>
    public bool TryCheckpointNow()
    {
        _checkpoint ??= Raw("PRAGMA wal_checkpoint(PASSIVE)");
        BusyWait.Off(_connection);
        try
        {
            // One row: busy flag, frames in the WAL, frames checkpointed.
            return _checkpoint.Step() && _checkpoint.Int64(0) == 0 && _checkpoint.Int64(1) == _checkpoint.Int64(2);
        }
        catch (SqliteException)
        {
            // Busy (another checkpoint holds its lock) or anything else: the WAL simply grows a little longer.
            return false;
        }
        finally
        {
            _checkpoint.Reset();
            BusyWait.Install(_connection, _busyTimeoutMs);
        }
    }

    private RawStatement? _checkpoint;

    public void CommitTransaction()
    {
        Rows.Committing();
        try
        {
            _commit.Execute();
        }
        catch
        {
            // Whether anything was committed is unknown: no row is trusted until the next COMMIT.
            Rows.Forget();
            throw;
        }
        Rows.Committed(_pendingKeys, _pendingRows);
        ApplyPending();
    }

    /// <summary>The rows this writer committed last, shared with the readers.</summary>
    public CommittedRows Rows { get; }

    public void Savepoint()
    {
        _savepointMark = _pending.Count;
        _definitionsMark = _pendingDefinitions.Count;
        _savepoint.Execute();
    }

    public void ReleaseSavepoint() => _release.Execute();

    public void RollbackToSavepoint()
    {
        RollbackPendingToMark();
        _rollbackTo.Execute();
        _release.Execute();
    }

    private RawStatement Raw(string sql)
    {
        var statement = new RawStatement(_connection, sql);
        _statements.Add(statement);
        return statement;
    }

    /// <summary>Applies one commit; throws on any refusal. A repeated idempotency key or a version conflict is found
    /// before anything is left written (<see cref="DuplicateCommandException"/>, <see cref="ConcurrencyException"/>), so
    /// such a commit needs no savepoint of its own; any other failure may leave rows the caller must roll back. The
    /// snapshot, when the commit carries one, is written as <paramref name="snapshot"/> (see <see cref="SnapshotCodec"/>).</summary>
    public unsafe void Commit(CaseCommit commit, (ReadOnlyMemory<byte> Stored, long? Size) snapshot)
    {
        var c = commit.Case;
        long commandRow = 0;
        if (commit.Command is { } command)
        {
            // First, so that a repeat is refused before anything is written.
            var result = command.Result.Span;
            int inserted;
            fixed (byte* r = result) inserted = _insertCommand.Text(1, command.IdempotencyKey).Text(2, command.CaseNumber).BlobPinned(3, r, result.Length).Execute();
            if (inserted == 0) throw new DuplicateCommandException(command.IdempotencyKey);
            commandRow = raw.sqlite3_last_insert_rowid(_connection);
        }

        var known = KnownAt(c.CaseNumber, commit.ExpectedVersion);
        // Every event is the case's (CaseCommitValidator), sequences ExpectedVersion + 1 … Version, so the last one is
        // known before anything is written; a rolled-back commit leaves its ids unused (gaps are harmless).
        var firstEventId = NextEventId;
        _nextEventId += commit.Events.Count;
        long caseId;
        long? previousEvent;
        try
        {
            caseId = WriteCase(commit, known, firstEventId + commit.Events.Count - 1, out previousEvent);
        }
        catch (ConcurrencyException) when (commandRow != 0)
        {
            // The version check failed (it wrote nothing): take back the idempotency record, and the commit left nothing.
            _deleteCommand.Int(1, commandRow).Execute();
            throw;
        }
        if (!c.Snapshot.IsEmpty)
        {
            // Only a commit that carries a snapshot touches the snapshot's row; the others keep it as it is.
            _upsertSnapshot.Int(1, caseId).Int(2, c.SnapshotVersion).Blob(3, snapshot.Stored).Int(4, snapshot.Size).Execute();
        }

        try
        {
            var eventId = firstEventId;
            // Indexed loops over the commit's lists: a foreach through IReadOnlyList boxes an enumerator per list.
            var events = commit.Events;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                // The payload and hash are bound without SQLite's copy: pinned here until the insert has run.
                var payload = e.Payload.Span;
                var hash = e.Hash.Span;
                fixed (byte* p = payload, h = hash)
                {
                    _insertEvent.Int(1, caseId).Int(2, e.Sequence).Text(3, e.Type).Int(4, e.At.UtcTicks).Text(5, e.Actor).Text(6, e.CommandKey)
                        .BlobPinned(7, p, payload.Length).BlobPinned(8, h, hash.Length).Int(9, eventId).Int(10, previousEvent).Execute();
                }
                // The engine's outbox ids name the commit's first event: its rowid gives their keys without a lookup.
                if (_firstEvent.CaseNumber is null) _firstEvent = (e.CaseNumber, e.Sequence, eventId);
                previousEvent = eventId++;
            }

            WriteTasks(commit, known);
            var outbox = commit.Outbox;
            for (var i = 0; i < outbox.Count; i++) InsertOutbox(outbox[i]);
        }
        finally
        {
            // A failed commit must not lend its rolled-back event to the next writer of outbox rows.
            _firstEvent = default;
        }

        WriteEvaluations(commit.Evaluations, c.CaseNumber, caseId);
        if (commit.Definition is { } d) WriteDefinition(d);
        var alerts = commit.Alerts;
        for (var i = 0; i < alerts.Count; i++) UpsertAlert(alerts[i]);
        Remember(commit, caseId, firstEventId + commit.Events.Count - 1);
    }

    // The rowid the next event gets: one past the table's largest, read once per transaction (0 until then).
    private long _nextEventId;
    private RawStatement? _maxEventId;

    private long NextEventId
    {
        get
        {
            if (_nextEventId == 0)
            {
                _maxEventId ??= Raw("SELECT coalesce(max(id), 0) + 1 FROM events");
                _nextEventId = _maxEventId.ScalarInt64()!.Value;
            }
            return _nextEventId;
        }
    }

    /// <summary>The id of <paramref name="caseNumber"/> in <c>case_ids</c>, giving it one if it has none. The known-case
    /// table spares the writer the read for every case it has written since it started.</summary>
    private long CaseId(string caseNumber)
    {
        if (_known.TryGetValue(caseNumber, out var seen)) return seen.CaseId;
        if (_caseId.Text(1, caseNumber).ScalarInt64() is { } id) return id;
        _insertCaseId.Text(1, caseNumber).Execute();
        return raw.sqlite3_last_insert_rowid(_connection);
    }

    /// <summary>Runs <paramref name="statement"/>; a constraint failure becomes a <see cref="StoreException"/> whose
    /// message is <paramref name="prefix"/>, <paramref name="value"/> and <paramref name="suffix"/> (built only then: an
    /// interpolated message cost every insert an allocation).</summary>
    private static void ExecuteUnique(RawStatement statement, string prefix, string value, string suffix)
    {
        try
        {
            statement.Execute();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new StoreException(prefix + value + suffix, isTransient: false, ex);
        }
    }

    /// <summary>Statements still prepared on the connection when the session closed it (tests: none must be, see
    /// <see cref="_statements"/>).</summary>
    internal int StatementsLeftAtClose { get; private set; } = -1;

    /// <summary>Statements prepared on <paramref name="db"/> and not finalized.</summary>
    internal static int CountStatements(sqlite3 db)
    {
        var count = 0;
        for (var statement = SqliteNative.sqlite3_next_stmt(db.DangerousGetHandle(), 0); statement != 0; statement = SqliteNative.sqlite3_next_stmt(db.DangerousGetHandle(), statement))
            count++;
        return count;
    }

    public void Dispose()
    {
        // Every statement Raw prepared (the lazily prepared ones too), then those of the chain cache, then the connection.
        foreach (var statement in _statements) statement.Dispose();
        _chainStatements?.Dispose();
        StatementsLeftAtClose = CountStatements(_connection);
        _connection.Dispose();
        Rows.Dispose();
    }
}
