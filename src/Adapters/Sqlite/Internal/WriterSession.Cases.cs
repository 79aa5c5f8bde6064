using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using SQLitePCL;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

internal sealed partial class WriterSession
{
    // Cases the writer has written, as of their last committed version. Entries change only after the transaction that
    // wrote them commits, so a rolled-back command never leaves a wrong entry. Another process writing the same file
    // cannot mislead it either: an entry is used only when its version equals the commit's expected version, which the
    // UPDATE's version check then confirms.
    private const int KnownCasesLimit = 100_000;
    private readonly Dictionary<string, KnownCase> _known = new(StringComparer.Ordinal);
    private readonly List<KnownCase> _pending = [];
    private readonly List<string> _pendingKeys = [];
    // The rows a read will return once the transaction commits (CommittedRows), in step with _pending.
    private readonly List<CaseRecord> _pendingRows = [];
    private RawStatement? _readRow;
    private int _savepointMark;

    // Case row UPDATEs by which groups of indexed columns they set (version, updated_at and the chain head always). The
    // snapshot lives in its own table, written only by commits that carry one.
    private readonly RawStatement?[] _updateCase = new RawStatement?[16];
    // The metrics are two groups: those an acceptance (or a new due date) sets, whose only index is ix_cases_open_due
    // (due_at), and those of the finish, which the six statistics indexes hold and whose finished_at every one of them
    // (and ix_cases_open_due) names in its WHERE. SQLite maintains, on an UPDATE, every index that names a column the
    // statement sets, in its key or its WHERE, whether or not the value changed: setting all eight at an acceptance
    // opened and checked the six statistics indexes for nothing (9 index cursors and 233 VDBE ops, against 3 and 91).
    private const int SetsState = 1, SetsDue = 2, SetsFinish = 4, SetsAcceptance = 8;

    // Parameters of the case UPDATEs: ?1 case, ?2 expected version, ?3 version, ?4 updated, ?5 chain head; then state,
    // outcome, concluded (?6–?8), earliest due (?9), the acceptance metrics (?10–?12) and the finish metrics (?13–?17),
    // each group only in the statements that set it; ?18 the last event's rowid.
    private RawStatement UpdateCase(int columns)
    {
        if (_updateCase[columns] is { } prepared) return prepared;
        // The chain head moves with every event, so it is always set.
        var set = "version = ?3, updated_at = ?4, chain_head = ?5";
        if ((columns & SetsState) != 0) set += ", state = ?6, outcome = ?7, concluded_at = ?8";
        if ((columns & SetsDue) != 0) set += ", earliest_due = ?9";
        if ((columns & SetsAcceptance) != 0) set += ", " + StatisticsSchema.AcceptanceAssignmentsNumbered;
        if ((columns & SetsFinish) != 0) set += ", " + StatisticsSchema.FinishAssignmentsNumbered;
        // The head of the case's event chain (schema 9) moves with every commit too; the row is rewritten anyway.
        set += ", last_event = ?18";
        return _updateCase[columns] = Raw($"UPDATE cases SET {set} WHERE case_id = ?1 AND version = ?2");
    }

    /// <summary>Writes the case row: an insert for a new case, otherwise an update of the columns that can change
    /// (item, hash, kind, department, applicant and submission are fixed when a case is filed). Returns the case's id,
    /// its row's key (schema 8): a new case's number is given one first; an existing case's comes from the known-case
    /// table, else from case_ids (a number without one has no case row: a version conflict, nothing written).</summary>
    private long WriteCase(CaseCommit commit, KnownCase? known, long lastEvent, out long? previousEvent)
    {
        previousEvent = null;
        var c = commit.Case;
        var concluded = c.ConcludedAt?.UtcTicks;
        var due = c.EarliestDue?.UtcTicks;
        RawStatement statement;
        long caseId;
        var givenId = false;
        if (commit.ExpectedVersion == 0)
        {
            // A number seen before keeps its id (its case row may exist: the insert below then finds the conflict).
            givenId = _insertCaseId.Text(1, c.CaseNumber).Execute() == 1;
            caseId = givenId ? raw.sqlite3_last_insert_rowid(_connection) : _caseId.Text(1, c.CaseNumber).ScalarInt64()!.Value;
            statement = _insertCase;
            statement.Text(1, c.CaseNumber).Text(2, c.ItemCode).Int(3, c.ItemVersion).Text(4, c.ContentHash).Text(5, c.Department).Text(6, c.Kind)
                .Text(7, c.State).Text(8, c.Outcome).Text(9, c.Applicant).Int(10, c.Version).Int(11, c.SubmittedAt.UtcTicks).Int(12, c.UpdatedAt.UtcTicks)
                .Int(13, concluded).Int(14, due);
            statement.BlobOrNull(15, c.ChainHead);
            StatisticsSchema.BindMetrics(statement, 16, c.Metrics);
            statement.Int(24, caseId).Int(25, lastEvent);
        }
        else
        {
            // A case's id never changes, so the known-case table gives it whatever the version it remembers.
            if (known is not null) caseId = known.CaseId;
            else if (_known.TryGetValue(c.CaseNumber, out var seen)) caseId = seen.CaseId;
            else if (_caseId.Text(1, c.CaseNumber).ScalarInt64() is { } id) caseId = id;
            else throw new ConcurrencyException(c.CaseNumber, commit.ExpectedVersion, 0);
            previousEvent = known is not null ? known.LastEvent : PreviousEvent(caseId, commit.ExpectedVersion);
            var columns = known is null ? SetsState | SetsDue | SetsAcceptance | SetsFinish : 0;
            if (known is not null && (known.State != c.State || known.Outcome != c.Outcome || known.ConcludedAt != concluded)) columns |= SetsState;
            if (known is not null && known.EarliestDue != due) columns |= SetsDue;
            if (known is not null && known.Metrics != c.Metrics)
            {
                if (!StatisticsSchema.SameAcceptance(known.Metrics, c.Metrics)) columns |= SetsAcceptance;
                if (!StatisticsSchema.SameFinish(known.Metrics, c.Metrics)) columns |= SetsFinish;
            }
            LastCaseUpdate = columns;
            statement = UpdateCase(columns);
            statement.Int(1, caseId).Int(2, commit.ExpectedVersion).Int(3, c.Version).Int(4, c.UpdatedAt.UtcTicks).BlobOrNull(5, c.ChainHead).Int(18, lastEvent);
            if ((columns & SetsState) != 0) statement.Text(6, c.State).Text(7, c.Outcome).Int(8, concluded);
            if ((columns & SetsDue) != 0) statement.Int(9, due);
            if ((columns & SetsAcceptance) != 0) StatisticsSchema.BindAcceptance(statement, 10, c.Metrics);
            if ((columns & SetsFinish) != 0) StatisticsSchema.BindFinish(statement, 13, c.Metrics);
        }
        var written = statement.Execute();
        if (written == 0 && givenId)
        {
            // An id given just now met a case row: only when case_ids lost rows (edited by hand), as SQLite gives the next
            // id after the largest left. The number moves to an id past every row of both tables, and the insert is retried.
            caseId = _moveCaseId.Int(1, caseId).ScalarInt64()!.Value;
            written = statement.Int(24, caseId).Execute();
        }
        if (written == 0)
        {
            var actual = _caseVersion.Text(1, c.CaseNumber).ScalarInt64() ?? 0;
            throw new ConcurrencyException(c.CaseNumber, commit.ExpectedVersion, actual);
        }
        return caseId;
    }

    private RawStatement? _head;

    /// <summary>The column groups the last case UPDATE set (tests): 1 state, 2 earliest due, 4 finish metrics, 8
    /// acceptance metrics.</summary>
    internal int LastCaseUpdate { get; private set; }

    /// <summary>The rowid of the case's event at <paramref name="version"/> for a case the writer does not know: the
    /// case row's head when its version matches (else the UPDATE finds the conflict and nothing is linked), or for a row
    /// written before schema 9 the indexed event; null when neither is found (the new event is then left in the index).</summary>
    private long? PreviousEvent(long caseId, long version)
    {
        _head ??= Raw("SELECT last_event, (SELECT id FROM events WHERE id = c.last_event AND case_id = c.case_id AND sequence = c.version) FROM cases c WHERE case_id = ?1 AND version = ?2");
        var (head, checkedHead) = _head.Int(1, caseId).Int(2, version).ReadFirst(s => (s.Int64OrNull(0), s.Int64OrNull(1)), ((long?)null, (long?)null));
        if (head is not null) return checkedHead;
        return ChainStatements.Get(EventChain.IndexedIdSql).Int(1, caseId).Int(2, version).ScalarInt64();
    }

    /// <summary>Replaces the case's open tasks: only the rows that differ when the previous set is known, else all.</summary>
    private void WriteTasks(CaseCommit commit, KnownCase? known)
    {
        if (known is null)
        {
            // A new case has no tasks yet; skipping the delete saves a statement on the submit path.
            if (commit.ExpectedVersion != 0)
            {
                _deleteTasks.Text(1, commit.Case.CaseNumber).Execute();
                _deleteOtherTasks.Text(1, commit.Case.CaseNumber).Execute();
            }
            for (var i = 0; i < commit.OpenTasks.Count; i++) InsertTask(commit.OpenTasks[i]);
            return;
        }
        foreach (var old in known.Tasks)
        {
            if (Find(commit.OpenTasks, old.TaskId) is null)
            {
                _deleteTask.Text(1, old.TaskId).Execute();
            }
        }
        var open = commit.OpenTasks;
        for (var i = 0; i < open.Count; i++)
        {
            var t = open[i];
            var old = Find(known.Tasks, t.TaskId);
            if (old is null) InsertTask(t);
            else if (old == t)
            {
                // Unchanged: nothing to write.
            }
            else if (SameButAssignee(old, t))
            {
                _updateAssignee.Text(1, t.TaskId).Text(2, t.Assignee).Execute();
            }
            else
            {
                _updateTask.Text(1, t.TaskId).Text(2, t.StepId).Text(3, t.Role).Text(4, t.Department).Text(5, t.Assignee).Int(6, t.CreatedAt.UtcTicks)
                    .Ticks(7, t.Due).Execute();
            }
        }
    }

    private void InsertTask(TaskRecord t)
    {
        _insertTask.Text(1, t.TaskId).Text(2, t.CaseNumber).Text(3, t.StepId).Text(4, t.Role).Text(5, t.Department).Text(6, t.Assignee)
            .Int(7, t.CreatedAt.UtcTicks).Ticks(8, t.Due);
        ExecuteUnique(_insertTask, "Task id ", t.TaskId, " already belongs to another case.");
    }

    /// <summary>Whether the two rows differ at most in their assignee: <c>old with { Assignee = t.Assignee } == t</c>
    /// (the record's equality: strings ordinal, instants by instant) without the copy.</summary>
    private static bool SameButAssignee(TaskRecord old, TaskRecord t) =>
        string.Equals(old.TaskId, t.TaskId, StringComparison.Ordinal) && string.Equals(old.CaseNumber, t.CaseNumber, StringComparison.Ordinal)
        && string.Equals(old.StepId, t.StepId, StringComparison.Ordinal) && string.Equals(old.Role, t.Role, StringComparison.Ordinal)
        && string.Equals(old.Department, t.Department, StringComparison.Ordinal) && old.CreatedAt == t.CreatedAt && old.Due == t.Due;

    private static TaskRecord? Find(IReadOnlyList<TaskRecord> tasks, string taskId)
    {
        for (var i = 0; i < tasks.Count; i++)
        {
            if (string.Equals(tasks[i].TaskId, taskId, StringComparison.Ordinal)) return tasks[i];
        }
        return null;
    }

    /// <summary>The known state of a case when it matches what the commit expects, else null (write everything).</summary>
    private KnownCase? KnownAt(string caseNumber, long expectedVersion) =>
        expectedVersion != 0 && _known.TryGetValue(caseNumber, out var known) && known.Version == expectedVersion ? known : null;

    /// <summary>Remembers what this commit wrote, to take effect when its transaction commits.</summary>
    private void Remember(CaseCommit commit, long caseId, long lastEvent)
    {
        var c = commit.Case;
        _pendingKeys.Add(c.CaseNumber);
        _pending.Add(new KnownCase(caseId, c.Version, c.State, c.Outcome, c.ConcludedAt?.UtcTicks, c.EarliestDue?.UtcTicks, c.Metrics, [.. commit.OpenTasks], lastEvent));
        _pendingRows.Add(StoredRow(commit));
    }

    /// <summary>The row a read returns after this commit. The fixed columns come from the insert and a commit without a
    /// snapshot keeps the stored snapshot's version, so an update needs the row this writer committed before; when it
    /// has none (a case it did not write since it started, or rows forgotten), it reads back what its transaction wrote.</summary>
    private CaseRecord StoredRow(CaseCommit commit)
    {
        var c = commit.Case;
        CaseRecord? before = null;
        if (commit.ExpectedVersion != 0 && (before = Rows.Own(c.CaseNumber, commit.ExpectedVersion)) is null)
        {
            _readRow ??= Raw(CaseRows.RowByNumber);
            return CaseRows.ReadOne(_readRow, c.CaseNumber) ?? throw new InvalidOperationException($"Case {c.CaseNumber} vanished inside its own commit.");
        }
        var fixedColumns = before ?? c;
        var snapshotVersion = !c.Snapshot.IsEmpty ? c.SnapshotVersion : before?.SnapshotVersion ?? 0;
        // The chain head's bytes are the last event's hash, never changed once computed: shared, not copied.
        return new CaseRecord(c.CaseNumber, fixedColumns.ItemCode, fixedColumns.ItemVersion, fixedColumns.ContentHash, fixedColumns.Department, fixedColumns.Kind,
            c.State, c.Outcome, fixedColumns.Applicant, c.Version, Utc(fixedColumns.SubmittedAt), Utc(c.UpdatedAt), Utc(c.ConcludedAt), Utc(c.EarliestDue), default)
        {
            SnapshotVersion = snapshotVersion,
            ChainHead = c.ChainHead,
            Metrics = StoredMetrics(c.Metrics),
        };
    }

    /// <summary>The metrics as the statistics columns give them back (see <see cref="CaseRows"/>).</summary>
    private static CaseMetrics? StoredMetrics(CaseMetrics? m) =>
        m is null || (m.AcceptedAt is null && m.FinishedAt is null) ? null
            // Already in UTC (the engine's instants are): the record is immutable, so it is shared, not copied.
            : IsUtc(m.AcceptedAt) && IsUtc(m.DueAt) && IsUtc(m.FinishedAt) ? m
            : m with { AcceptedAt = Utc(m.AcceptedAt), DueAt = Utc(m.DueAt), FinishedAt = Utc(m.FinishedAt) };

    private static bool IsUtc(DateTimeOffset? at) => at is not { } value || value.Offset == TimeSpan.Zero;

    private static DateTimeOffset Utc(DateTimeOffset at) => new(at.UtcTicks, TimeSpan.Zero);

    private static DateTimeOffset? Utc(DateTimeOffset? at) => at is { } value ? Utc(value) : null;

    private void ForgetPending()
    {
        _nextEventId = 0;
        _keylessRows = null;
        _pending.Clear();
        _pendingKeys.Clear();
        _pendingRows.Clear();
        _savepointMark = 0;
        _pendingDefinitions.Clear();
        _definitionsMark = 0;
    }

    private void ApplyPending()
    {
        if (_known.Count + _pending.Count > KnownCasesLimit) _known.Clear();
        for (var i = 0; i < _pending.Count; i++) _known[_pendingKeys[i]] = _pending[i];
        ApplyPendingDefinitions();
        ForgetPending();
    }

    private void RollbackPendingToMark()
    {
        _pending.RemoveRange(_savepointMark, _pending.Count - _savepointMark);
        _pendingKeys.RemoveRange(_savepointMark, _pendingKeys.Count - _savepointMark);
        _pendingRows.RemoveRange(_savepointMark, _pendingRows.Count - _savepointMark);
        _pendingDefinitions.RemoveRange(_definitionsMark, _pendingDefinitions.Count - _definitionsMark);
    }
}
