using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
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
    private int _savepointMark;

    // Case row UPDATEs by which groups of indexed columns they set (version, updated_at and the chain head always). The
    // snapshot lives in its own table, written only by commits that carry one.
    private readonly SqliteCommand?[] _updateCase = new SqliteCommand?[8];
    private const int SetsState = 1, SetsDue = 2, SetsMetrics = 4;

    private SqliteCommand UpdateCase(int columns)
    {
        if (_updateCase[columns] is { } prepared) return prepared;
        // The chain head moves with every event, so it is always set.
        var set = "version = $version, updated_at = $updated, chain_head = $chain";
        if ((columns & SetsState) != 0) set += ", state = $state, outcome = $outcome, concluded_at = $concluded";
        if ((columns & SetsDue) != 0) set += ", earliest_due = $due";
        if ((columns & SetsMetrics) != 0) set += ", " + StatisticsSchema.MetricAssignments;
        return _updateCase[columns] = Prepare($"UPDATE cases SET {set} WHERE case_number = $c AND version = $expected",
            [("$c", SqliteType.Text), ("$expected", SqliteType.Integer), ("$version", SqliteType.Integer), ("$updated", SqliteType.Integer),
             ("$state", SqliteType.Text), ("$outcome", SqliteType.Text), ("$concluded", SqliteType.Integer),
             ("$due", SqliteType.Integer), .. StatisticsSchema.CaseParameters]);
    }

    /// <summary>Writes the case row: an insert for a new case, otherwise an update of the columns that can change
    /// (item, hash, kind, department, applicant and submission are fixed when a case is filed).</summary>
    private void WriteCase(CaseCommit commit, KnownCase? known)
    {
        var c = commit.Case;
        var concluded = c.ConcludedAt?.UtcTicks;
        var due = c.EarliestDue?.UtcTicks;
        SqliteCommand command;
        if (commit.ExpectedVersion == 0)
        {
            command = _insertCase;
            var p = command.Parameters;
            p[0].Value = c.CaseNumber; p[1].Value = c.ItemCode; p[2].Value = c.ItemVersion; p[3].Value = c.ContentHash;
            p[4].Value = c.Department; p[5].Value = c.Kind; p[6].Value = c.State; p[7].Value = OrNull(c.Outcome);
            p[8].Value = OrNull(c.Applicant); p[9].Value = c.Version; p[10].Value = Ticks(c.SubmittedAt); p[11].Value = Ticks(c.UpdatedAt);
            p[12].Value = Ticks(c.ConcludedAt); p[13].Value = Ticks(c.EarliestDue);
            StatisticsSchema.BindCase(p, 14, c);
        }
        else
        {
            var columns = known is null ? SetsState | SetsDue | SetsMetrics : 0;
            if (known is not null && (known.State != c.State || known.Outcome != c.Outcome || known.ConcludedAt != concluded)) columns |= SetsState;
            if (known is not null && known.EarliestDue != due) columns |= SetsDue;
            if (known is not null && known.Metrics != c.Metrics) columns |= SetsMetrics;
            command = UpdateCase(columns);
            var p = command.Parameters;
            p[0].Value = c.CaseNumber; p[1].Value = commit.ExpectedVersion; p[2].Value = c.Version; p[3].Value = Ticks(c.UpdatedAt);
            p[4].Value = c.State; p[5].Value = OrNull(c.Outcome); p[6].Value = Ticks(c.ConcludedAt);
            p[7].Value = Ticks(c.EarliestDue);
            StatisticsSchema.BindCase(p, 8, c);
        }
        if (command.ExecuteNonQuery() == 0)
        {
            _caseVersion.Parameters[0].Value = c.CaseNumber;
            var actual = _caseVersion.ExecuteScalar() is long v ? v : 0;
            throw new ConcurrencyException(c.CaseNumber, commit.ExpectedVersion, actual);
        }
    }

    /// <summary>Replaces the case's open tasks: only the rows that differ when the previous set is known, else all.</summary>
    private void WriteTasks(CaseCommit commit, KnownCase? known)
    {
        if (known is null)
        {
            // A new case has no tasks yet; skipping the delete saves a statement on the submit path.
            if (commit.ExpectedVersion != 0)
            {
                _deleteTasks.Parameters[0].Value = commit.Case.CaseNumber;
                _deleteTasks.ExecuteNonQuery();
            }
            foreach (var t in commit.OpenTasks) InsertTask(t);
            return;
        }
        foreach (var old in known.Tasks)
        {
            if (Find(commit.OpenTasks, old.TaskId) is null)
            {
                _deleteTask.Parameters[0].Value = old.TaskId;
                _deleteTask.ExecuteNonQuery();
            }
        }
        foreach (var t in commit.OpenTasks)
        {
            var old = Find(known.Tasks, t.TaskId);
            if (old is null) InsertTask(t);
            else if (old != t)
            {
                Bind(_updateTask, t.TaskId, t.StepId, OrNull(t.Role), OrNull(t.Department), OrNull(t.Assignee), Ticks(t.CreatedAt), Ticks(t.Due));
                _updateTask.ExecuteNonQuery();
            }
        }
    }

    private void InsertTask(TaskRecord t)
    {
        Bind(_insertTask, t.TaskId, t.CaseNumber, t.StepId, OrNull(t.Role), OrNull(t.Department), OrNull(t.Assignee), Ticks(t.CreatedAt), Ticks(t.Due));
        ExecuteUnique(_insertTask, $"Task id {t.TaskId} already belongs to another case.");
    }

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
    private void Remember(CaseCommit commit)
    {
        var c = commit.Case;
        _pendingKeys.Add(c.CaseNumber);
        _pending.Add(new KnownCase(c.Version, c.State, c.Outcome, c.ConcludedAt?.UtcTicks, c.EarliestDue?.UtcTicks, c.Metrics, [.. commit.OpenTasks]));
    }

    private void ForgetPending()
    {
        _pending.Clear();
        _pendingKeys.Clear();
        _savepointMark = 0;
    }

    private void ApplyPending()
    {
        if (_known.Count + _pending.Count > KnownCasesLimit) _known.Clear();
        for (var i = 0; i < _pending.Count; i++) _known[_pendingKeys[i]] = _pending[i];
        ForgetPending();
    }

    private void RollbackPendingToMark()
    {
        _pending.RemoveRange(_savepointMark, _pending.Count - _savepointMark);
        _pendingKeys.RemoveRange(_savepointMark, _pendingKeys.Count - _savepointMark);
    }
}
