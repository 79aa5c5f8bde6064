namespace OneStop.Engine.Storage;

/// <summary>Checks the shape of a <see cref="CaseCommit"/> before any store touches its data, so every store
/// rejects the same programmer errors the same way (and before anything is written).</summary>
internal static class CaseCommitValidator
{
    /// <summary>A new snapshot is the case after the commit; a commit without one cannot claim a newer stored one.</summary>
    private static void ValidateSnapshot(CaseCommit commit)
    {
        var c = commit.Case;
        if (!c.Snapshot.IsEmpty && c.SnapshotVersion != c.Version)
            throw new ArgumentException(
                $"Case {c.CaseNumber}: a snapshot in a commit is the case after it, so its version {c.SnapshotVersion} must equal {c.Version}.", nameof(commit));
        if (c.Snapshot.IsEmpty && (c.SnapshotVersion < 0 || c.SnapshotVersion > commit.ExpectedVersion))
            throw new ArgumentException(
                $"Case {c.CaseNumber}: a commit without a snapshot keeps the stored one, so its snapshot version {c.SnapshotVersion} must lie between 0 and the expected version {commit.ExpectedVersion}.",
                nameof(commit));
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the commit is malformed.</summary>
    public static void Validate(CaseCommit commit)
    {
        ArgumentNullException.ThrowIfNull(commit);
        ArgumentNullException.ThrowIfNull(commit.Case, nameof(commit) + ".Case");
        ArgumentNullException.ThrowIfNull(commit.Events, nameof(commit) + ".Events");
        ArgumentNullException.ThrowIfNull(commit.OpenTasks, nameof(commit) + ".OpenTasks");
        ArgumentNullException.ThrowIfNull(commit.Outbox, nameof(commit) + ".Outbox");
        var caseNumber = commit.Case.CaseNumber;
        ArgumentException.ThrowIfNullOrEmpty(caseNumber, nameof(commit) + ".Case.CaseNumber");
        ArgumentOutOfRangeException.ThrowIfNegative(commit.ExpectedVersion, nameof(commit) + ".ExpectedVersion");
        if (commit.Events.Count == 0)
            throw new ArgumentException($"A commit for case {caseNumber} must append at least one event.", nameof(commit));
        if (commit.Case.Version != commit.ExpectedVersion + commit.Events.Count)
            throw new ArgumentException(
                $"Case {caseNumber}: version {commit.Case.Version} must equal expected version {commit.ExpectedVersion} plus {commit.Events.Count} event(s).",
                nameof(commit));
        ValidateSnapshot(commit);
        // The engine's commit events share one case and dense sequences by construction: check the columns once
        // (indexing them would build every record).
        if (commit.Events is CommitEvents shared)
        {
            if (shared.CaseNumber != caseNumber)
                throw new ArgumentException($"Event 0 belongs to case {shared.CaseNumber}, not {caseNumber}.", nameof(commit));
            if (shared.First != commit.ExpectedVersion + 1)
                throw new ArgumentException($"Event 0 of case {caseNumber} has sequence {shared.First}; expected {commit.ExpectedVersion + 1}.", nameof(commit));
        }
        else for (var i = 0; i < commit.Events.Count; i++)
        {
            var e = commit.Events[i];
            ArgumentNullException.ThrowIfNull(e, nameof(commit) + ".Events[]");
            if (e.CaseNumber != caseNumber)
                throw new ArgumentException($"Event {i} belongs to case {e.CaseNumber}, not {caseNumber}.", nameof(commit));
            if (e.Sequence != commit.ExpectedVersion + 1 + i)
                throw new ArgumentException(
                    $"Event {i} of case {caseNumber} has sequence {e.Sequence}; expected {commit.ExpectedVersion + 1 + i}.", nameof(commit));
        }
        var tasks = commit.OpenTasks;
        for (var i = 0; i < tasks.Count; i++)
        {
            var t = tasks[i];
            ArgumentNullException.ThrowIfNull(t, nameof(commit) + ".OpenTasks[]");
            if (t.CaseNumber != caseNumber)
                throw new ArgumentException($"Task {t.TaskId} belongs to case {t.CaseNumber}, not {caseNumber}.", nameof(commit));
        }
        if (FirstDuplicate(tasks, static t => t.TaskId) is { } taskId)
            throw new ArgumentException($"Task id {taskId} appears twice in the commit for case {caseNumber}.", nameof(commit));
        var messages = commit.Outbox;
        for (var i = 0; i < messages.Count; i++)
        {
            var m = messages[i];
            ArgumentNullException.ThrowIfNull(m, nameof(commit) + ".Outbox[]");
            ArgumentException.ThrowIfNullOrEmpty(m.MessageId, nameof(commit) + ".Outbox[].MessageId");
        }
        if (FirstDuplicate(messages, static m => m.MessageId) is { } messageId)
            throw new ArgumentException($"Outbox message id {messageId} appears twice in the commit for case {caseNumber}.", nameof(commit));
        ArgumentNullException.ThrowIfNull(commit.Alerts, nameof(commit) + ".Alerts");
        ValidateAlerts(commit.Alerts, caseNumber);
        if (commit.Command is { } command)
            ArgumentException.ThrowIfNullOrEmpty(command.IdempotencyKey, nameof(commit) + ".Command.IdempotencyKey");
        if (commit.Definition is { } definition)
        {
            ArgumentException.ThrowIfNullOrEmpty(definition.ContentHash, nameof(commit) + ".Definition.ContentHash");
        }
    }

    /// <summary>Every alert of a commit belongs to its case.</summary>
    public static void ValidateAlerts(IReadOnlyList<Alert> alerts, string caseNumber)
    {
        for (var i = 0; i < alerts.Count; i++)
        {
            var a = alerts[i];
            ArgumentNullException.ThrowIfNull(a, "commit.Alerts[]");
            if (a.CaseNumber != caseNumber)
                throw new ArgumentException($"Alert {a.AlertId} belongs to case {a.CaseNumber}, not {caseNumber}.", "commit");
        }
    }

    /// <summary>The first id that occurs twice, or null. A commit holds a handful of rows, so small lists are compared
    /// pairwise (no allocation on the commit path); larger ones go through a set.</summary>
    private static string? FirstDuplicate<T>(IReadOnlyList<T> rows, Func<T, string> id)
    {
        if (rows.Count <= 16)
        {
            for (var i = 1; i < rows.Count; i++)
            {
                var x = id(rows[i]);
                for (var j = 0; j < i; j++)
                {
                    if (string.Equals(x, id(rows[j]), StringComparison.Ordinal)) return x;
                }
            }
            return null;
        }
        var seen = new HashSet<string>(rows.Count, StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!seen.Add(id(rows[i]))) return id(rows[i]);
        }
        return null;
    }

    /// <summary>Orders tasks for task lists: due instant (nulls last), then creation, then id.</summary>
    public static int CompareTasks(TaskRecord x, TaskRecord y)
    {
        var c = (x.Due, y.Due) switch
        {
            (null, null) => 0,
            (null, _) => 1,
            (_, null) => -1,
            ({ } a, { } b) => a.CompareTo(b),
        };
        if (c != 0) return c;
        c = x.CreatedAt.CompareTo(y.CreatedAt);
        return c != 0 ? c : string.CompareOrdinal(x.TaskId, y.TaskId);
    }

    /// <summary>Whether a task belongs on an actor's list.</summary>
    public static bool Matches(TaskQuery query, TaskRecord task) =>
        task.Assignee is { } assignee
            ? assignee == query.Actor
            : (task.Role is { } role && query.Roles.Contains(role)) || (task.Department is { } dept && query.Departments.Contains(dept));

    /// <summary>Whether a case matches a search.</summary>
    public static bool Matches(CaseQuery query, CaseRecord c) =>
        (query.Applicant is null || c.Applicant == query.Applicant)
        && (query.ItemCode is null || c.ItemCode == query.ItemCode)
        && (query.Department is null || c.Department == query.Department)
        && (query.State is null || c.State == query.State)
        && (query.SubmittedFrom is not { } from || c.SubmittedAt >= from)
        && (query.SubmittedTo is not { } to || c.SubmittedAt < to);

    /// <summary>Checks paging arguments.</summary>
    public static void ValidatePaging(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
    }
}
