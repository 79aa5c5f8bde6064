using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The writer connection and its prepared statements. Used only by the writer task, inside a transaction.</summary>
internal sealed partial class WriterSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertCommand, _insertCase, _updateCase, _caseVersion, _insertEvent,
        _deleteTasks, _insertTask, _insertOutbox, _insertDefinition, _begin, _commit, _savepoint, _release, _rollbackTo;

    public WriterSession(SqliteConnection connection)
    {
        _connection = connection;
        _insertCommand = Prepare("INSERT OR IGNORE INTO commands (idempotency_key, case_number, result) VALUES ($k, $c, $r)",
            ("$k", SqliteType.Text), ("$c", SqliteType.Text), ("$r", SqliteType.Blob));
        const string caseColumns = "item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at, updated_at, concluded_at, earliest_due, snapshot, " + StatisticsSchema.CaseColumns;
        const string caseValues = "$item, $iv, $hash, $dept, $kind, $state, $outcome, $applicant, $version, $submitted, $updated, $concluded, $due, $snapshot, " + StatisticsSchema.CaseValues;
        _insertCase = Prepare($"INSERT INTO cases (case_number, {caseColumns}) VALUES ($c, {caseValues}) ON CONFLICT (case_number) DO NOTHING", CaseParams());
        _updateCase = Prepare(
            """
            UPDATE cases SET item_code = $item, item_version = $iv, content_hash = $hash, department = $dept, kind = $kind,
              state = $state, outcome = $outcome, applicant = $applicant, version = $version, submitted_at = $submitted,
              updated_at = $updated, concluded_at = $concluded, earliest_due = $due, snapshot = $snapshot,
            """ + StatisticsSchema.CaseAssignments + """
            WHERE case_number = $c AND version = $expected
            """, [.. CaseParams(), ("$expected", SqliteType.Integer)]);
        _caseVersion = Prepare("SELECT version FROM cases WHERE case_number = $c", ("$c", SqliteType.Text));
        _insertEvent = Prepare(
            "INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES ($c, $s, $t, $at, $a, $k, $p, $h)",
            ("$c", SqliteType.Text), ("$s", SqliteType.Integer), ("$t", SqliteType.Text), ("$at", SqliteType.Integer),
            ("$a", SqliteType.Text), ("$k", SqliteType.Text), ("$p", SqliteType.Blob), ("$h", SqliteType.Blob));
        _deleteTasks = Prepare("DELETE FROM tasks WHERE case_number = $c", ("$c", SqliteType.Text));
        _insertTask = Prepare(
            "INSERT INTO tasks (task_id, case_number, step_id, role, department, assignee, created_at, due) VALUES ($id, $c, $step, $role, $dept, $assignee, $created, $due)",
            ("$id", SqliteType.Text), ("$c", SqliteType.Text), ("$step", SqliteType.Text), ("$role", SqliteType.Text),
            ("$dept", SqliteType.Text), ("$assignee", SqliteType.Text), ("$created", SqliteType.Integer), ("$due", SqliteType.Integer));
        _insertOutbox = Prepare(
            "INSERT INTO outbox (message_id, case_number, channel, type, payload, created_at) VALUES ($id, $c, $ch, $t, $p, $at)",
            ("$id", SqliteType.Text), ("$c", SqliteType.Text), ("$ch", SqliteType.Text), ("$t", SqliteType.Text),
            ("$p", SqliteType.Blob), ("$at", SqliteType.Integer));
        _insertDefinition = Prepare(
            "INSERT OR IGNORE INTO definitions (content_hash, item_code, item_version, text) VALUES ($h, $item, $iv, $text)",
            ("$h", SqliteType.Text), ("$item", SqliteType.Text), ("$iv", SqliteType.Integer), ("$text", SqliteType.Text));
        _begin = Prepare("BEGIN IMMEDIATE");
        _commit = Prepare("COMMIT");
        _savepoint = Prepare("SAVEPOINT w");
        _release = Prepare("RELEASE w");
        _rollbackTo = Prepare("ROLLBACK TO w");
    }

    public SqliteConnection Connection => _connection;

    // Transaction control is prepared once too: a group of N commands runs 2N savepoint statements.
    public void BeginTransaction() => _begin.ExecuteNonQuery();
    public void CommitTransaction() => _commit.ExecuteNonQuery();
    public void Savepoint() => _savepoint.ExecuteNonQuery();
    public void ReleaseSavepoint() => _release.ExecuteNonQuery();
    public void RollbackToSavepoint()
    {
        _rollbackTo.ExecuteNonQuery();
        _release.ExecuteNonQuery();
    }

    private static (string, SqliteType)[] CaseParams() =>
    [
        ("$c", SqliteType.Text), ("$item", SqliteType.Text), ("$iv", SqliteType.Integer), ("$hash", SqliteType.Text),
        ("$dept", SqliteType.Text), ("$kind", SqliteType.Text), ("$state", SqliteType.Text), ("$outcome", SqliteType.Text),
        ("$applicant", SqliteType.Text), ("$version", SqliteType.Integer), ("$submitted", SqliteType.Integer),
        ("$updated", SqliteType.Integer), ("$concluded", SqliteType.Integer), ("$due", SqliteType.Integer), ("$snapshot", SqliteType.Blob),
        .. StatisticsSchema.CaseParameters,
    ];

    private SqliteCommand Prepare(string sql, params (string Name, SqliteType Type)[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, type) in parameters) command.Parameters.Add(name, type);
        command.Prepare();
        return command;
    }

    /// <summary>Applies one commit inside the current savepoint; throws on any refusal (the caller rolls back).</summary>
    public void Commit(CaseCommit commit)
    {
        var c = commit.Case;
        if (commit.Command is { } command)
        {
            Bind(_insertCommand, command.IdempotencyKey, command.CaseNumber, Blob(command.Result));
            if (_insertCommand.ExecuteNonQuery() == 0) throw new DuplicateCommandException(command.IdempotencyKey);
        }

        var caseCommand = commit.ExpectedVersion == 0 ? _insertCase : _updateCase;
        var p = caseCommand.Parameters;
        p[0].Value = c.CaseNumber; p[1].Value = c.ItemCode; p[2].Value = c.ItemVersion; p[3].Value = c.ContentHash;
        p[4].Value = c.Department; p[5].Value = c.Kind; p[6].Value = c.State; p[7].Value = OrNull(c.Outcome);
        p[8].Value = OrNull(c.Applicant); p[9].Value = c.Version; p[10].Value = Ticks(c.SubmittedAt); p[11].Value = Ticks(c.UpdatedAt);
        p[12].Value = Ticks(c.ConcludedAt); p[13].Value = Ticks(c.EarliestDue); p[14].Value = Blob(c.Snapshot);
        StatisticsSchema.BindCase(p, 15, c);
        if (commit.ExpectedVersion != 0) p[15 + StatisticsSchema.CaseParameters.Length].Value = commit.ExpectedVersion;
        if (caseCommand.ExecuteNonQuery() == 0)
        {
            _caseVersion.Parameters[0].Value = c.CaseNumber;
            var actual = _caseVersion.ExecuteScalar() is long v ? v : 0;
            throw new ConcurrencyException(c.CaseNumber, commit.ExpectedVersion, actual);
        }

        foreach (var e in commit.Events)
        {
            Bind(_insertEvent, e.CaseNumber, e.Sequence, e.Type, Ticks(e.At), e.Actor, e.CommandKey, Blob(e.Payload), Blob(e.Hash));
            _insertEvent.ExecuteNonQuery();
        }

        // A new case has no tasks yet; skipping the delete saves a statement on the submit path.
        if (commit.ExpectedVersion != 0)
        {
            _deleteTasks.Parameters[0].Value = c.CaseNumber;
            _deleteTasks.ExecuteNonQuery();
        }
        foreach (var t in commit.OpenTasks)
        {
            Bind(_insertTask, t.TaskId, t.CaseNumber, t.StepId, OrNull(t.Role), OrNull(t.Department), OrNull(t.Assignee), Ticks(t.CreatedAt), Ticks(t.Due));
            ExecuteUnique(_insertTask, $"Task id {t.TaskId} already belongs to another case.");
        }
        foreach (var m in commit.Outbox)
        {
            Bind(_insertOutbox, m.MessageId, m.CaseNumber, m.Channel, m.Type, Blob(m.Payload), Ticks(m.CreatedAt));
            ExecuteUnique(_insertOutbox, $"Outbox message id {m.MessageId} was already committed.");
        }
        WriteEvaluations(commit.Evaluations);
        if (commit.Definition is { } d)
        {
            Bind(_insertDefinition, d.ContentHash, d.ItemCode, d.ItemVersion, d.Text);
            _insertDefinition.ExecuteNonQuery();
        }
        foreach (var a in commit.Alerts) UpsertAlert(a);
    }

    private static void ExecuteUnique(SqliteCommand command, string message)
    {
        try
        {
            command.ExecuteNonQuery();
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
        {
            throw new StoreException(message, isTransient: false, ex);
        }
    }

    private static void Bind(SqliteCommand command, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
    }

    public void Dispose()
    {
        foreach (var command in new[] { _insertCommand, _insertCase, _updateCase, _caseVersion, _insertEvent, _deleteTasks, _insertTask, _insertOutbox, _insertDefinition, _begin, _commit, _savepoint, _release, _rollbackTo })
            command.Dispose();
        _upsertAlert?.Dispose();
        _upsertEvaluation?.Dispose();
        _connection.Dispose();
    }
}
