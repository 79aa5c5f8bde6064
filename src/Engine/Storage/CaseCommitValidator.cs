namespace OneStop.Engine.Storage;

/// <summary>Checks the shape of a <see cref="CaseCommit"/> before any store touches its data, so every store
/// rejects the same programmer errors the same way (and before anything is written).</summary>
internal static class CaseCommitValidator
{
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
        for (var i = 0; i < commit.Events.Count; i++)
        {
            var e = commit.Events[i];
            ArgumentNullException.ThrowIfNull(e, nameof(commit) + ".Events[]");
            if (e.CaseNumber != caseNumber)
                throw new ArgumentException($"Event {i} belongs to case {e.CaseNumber}, not {caseNumber}.", nameof(commit));
            if (e.Sequence != commit.ExpectedVersion + 1 + i)
                throw new ArgumentException(
                    $"Event {i} of case {caseNumber} has sequence {e.Sequence}; expected {commit.ExpectedVersion + 1 + i}.", nameof(commit));
        }
        var taskIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var t in commit.OpenTasks)
        {
            ArgumentNullException.ThrowIfNull(t, nameof(commit) + ".OpenTasks[]");
            if (t.CaseNumber != caseNumber)
                throw new ArgumentException($"Task {t.TaskId} belongs to case {t.CaseNumber}, not {caseNumber}.", nameof(commit));
            if (!taskIds.Add(t.TaskId))
                throw new ArgumentException($"Task id {t.TaskId} appears twice in the commit for case {caseNumber}.", nameof(commit));
        }
        var messageIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var m in commit.Outbox)
        {
            ArgumentNullException.ThrowIfNull(m, nameof(commit) + ".Outbox[]");
            ArgumentException.ThrowIfNullOrEmpty(m.MessageId, nameof(commit) + ".Outbox[].MessageId");
            if (!messageIds.Add(m.MessageId))
                throw new ArgumentException($"Outbox message id {m.MessageId} appears twice in the commit for case {caseNumber}.", nameof(commit));
        }
        ArgumentNullException.ThrowIfNull(commit.Alerts, nameof(commit) + ".Alerts");
        foreach (var a in commit.Alerts)
        {
            ArgumentNullException.ThrowIfNull(a, nameof(commit) + ".Alerts[]");
            if (a.CaseNumber != caseNumber)
                throw new ArgumentException($"Alert {a.AlertId} belongs to case {a.CaseNumber}, not {caseNumber}.", nameof(commit));
        }
        if (commit.Command is { } command)
            ArgumentException.ThrowIfNullOrEmpty(command.IdempotencyKey, nameof(commit) + ".Command.IdempotencyKey");
        if (commit.Definition is { } definition)
        {
            ArgumentException.ThrowIfNullOrEmpty(definition.ContentHash, nameof(commit) + ".Definition.ContentHash");
        }
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
