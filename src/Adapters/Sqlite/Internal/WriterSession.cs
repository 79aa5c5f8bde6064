using Microsoft.Data.Sqlite;
using OneStop.Engine;
using OneStop.Engine.Storage;
using static OneStop.Adapters.Sqlite.Internal.SqliteValues;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>The writer connection and its prepared statements. Used only by the writer task, inside a transaction.</summary>
internal sealed partial class WriterSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _insertCommand, _insertCase, _upsertSnapshot, _caseVersion, _insertEvent,
        _deleteTasks, _deleteTask, _insertTask, _updateTask, _insertOutbox, _insertDefinition, _begin, _commit, _savepoint, _release, _rollbackTo;

    public WriterSession(SqliteConnection connection)
    {
        _connection = connection;
        _insertCommand = Prepare("INSERT OR IGNORE INTO commands (idempotency_key, case_number, result) VALUES ($k, $c, $r)",
            ("$k", SqliteType.Text), ("$c", SqliteType.Text), ("$r", SqliteType.Blob));
        const string caseColumns = "item_code, item_version, content_hash, department, kind, state, outcome, applicant, version, submitted_at, updated_at, concluded_at, earliest_due, " + StatisticsSchema.CaseColumns;
        const string caseValues = "$item, $iv, $hash, $dept, $kind, $state, $outcome, $applicant, $version, $submitted, $updated, $concluded, $due, " + StatisticsSchema.CaseValues;
        _insertCase = Prepare($"INSERT INTO cases (case_number, {caseColumns}) VALUES ($c, {caseValues}) ON CONFLICT (case_number) DO NOTHING", CaseParams());
        _upsertSnapshot = Prepare(
            "INSERT INTO snapshots (snapshot_of, snapshot_version, snapshot) VALUES ($c, $v, $s) " +
            "ON CONFLICT (snapshot_of) DO UPDATE SET snapshot_version = excluded.snapshot_version, snapshot = excluded.snapshot",
            ("$c", SqliteType.Text), ("$v", SqliteType.Integer), ("$s", SqliteType.Blob));
        _caseVersion = Prepare("SELECT version FROM cases WHERE case_number = $c", ("$c", SqliteType.Text));
        _insertEvent = Prepare(
            "INSERT INTO events (case_number, sequence, type, at, actor, command_key, payload, hash) VALUES ($c, $s, $t, $at, $a, $k, $p, $h)",
            ("$c", SqliteType.Text), ("$s", SqliteType.Integer), ("$t", SqliteType.Text), ("$at", SqliteType.Integer),
            ("$a", SqliteType.Text), ("$k", SqliteType.Text), ("$p", SqliteType.Blob), ("$h", SqliteType.Blob));
        _deleteTasks = Prepare("DELETE FROM tasks WHERE case_number = $c", ("$c", SqliteType.Text));
        _deleteTask = Prepare("DELETE FROM tasks WHERE task_id = $id", ("$id", SqliteType.Text));
        _updateTask = Prepare(
            "UPDATE tasks SET step_id = $step, role = $role, department = $dept, assignee = $assignee, created_at = $created, due = $due WHERE task_id = $id",
            ("$id", SqliteType.Text), ("$step", SqliteType.Text), ("$role", SqliteType.Text), ("$dept", SqliteType.Text),
            ("$assignee", SqliteType.Text), ("$created", SqliteType.Integer), ("$due", SqliteType.Integer));
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
    public void BeginTransaction()
    {
        ForgetPending();
        _begin.ExecuteNonQuery();
    }

    public void CommitTransaction()
    {
        _commit.ExecuteNonQuery();
        ApplyPending();
    }

    public void Savepoint()
    {
        _savepointMark = _pending.Count;
        _savepoint.ExecuteNonQuery();
    }

    public void ReleaseSavepoint() => _release.ExecuteNonQuery();

    public void RollbackToSavepoint()
    {
        RollbackPendingToMark();
        _rollbackTo.ExecuteNonQuery();
        _release.ExecuteNonQuery();
    }

    private static (string, SqliteType)[] CaseParams() =>
    [
        ("$c", SqliteType.Text), ("$item", SqliteType.Text), ("$iv", SqliteType.Integer), ("$hash", SqliteType.Text),
        ("$dept", SqliteType.Text), ("$kind", SqliteType.Text), ("$state", SqliteType.Text), ("$outcome", SqliteType.Text),
        ("$applicant", SqliteType.Text), ("$version", SqliteType.Integer), ("$submitted", SqliteType.Integer),
        ("$updated", SqliteType.Integer), ("$concluded", SqliteType.Integer), ("$due", SqliteType.Integer),
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

        var known = KnownAt(c.CaseNumber, commit.ExpectedVersion);
        WriteCase(commit, known);
        if (!c.Snapshot.IsEmpty)
        {
            // Only a commit that carries a snapshot touches the snapshot's row; the others keep it as it is.
            Bind(_upsertSnapshot, c.CaseNumber, c.SnapshotVersion, Blob(c.Snapshot));
            _upsertSnapshot.ExecuteNonQuery();
        }

        foreach (var e in commit.Events)
        {
            Bind(_insertEvent, e.CaseNumber, e.Sequence, e.Type, Ticks(e.At), e.Actor, e.CommandKey, Blob(e.Payload), Blob(e.Hash));
            _insertEvent.ExecuteNonQuery();
        }

        WriteTasks(commit, known);
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
        Remember(commit);
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
        foreach (var command in new[] { _insertCommand, _insertCase, _upsertSnapshot, _caseVersion, _insertEvent, _deleteTasks, _deleteTask, _insertTask, _updateTask, _insertOutbox, _insertDefinition, _begin, _commit, _savepoint, _release, _rollbackTo })
            command.Dispose();
        _upsertAlert?.Dispose();
        _upsertEvaluation?.Dispose();
        foreach (var command in _updateCase) command?.Dispose();
        DisposeOutboxCommands();
        _connection.Dispose();
    }
}
