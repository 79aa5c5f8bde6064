using OneStop.Engine.Storage;

namespace OneStop.Engine.Flow;

/// <summary>An open task inside a case snapshot.</summary>
/// <remarks>Its id, role, department, assignee and opening time are kept in its store row (<see cref="Row"/>, immutable,
/// which the commit hands to the store as it is when its due instant still holds), so a task costs one object fewer
/// columns: a change (a claim, a transfer) makes the next row at once, which the commit then uses. A task built field
/// by field (restored from stored JSON, or a test's initializer) keeps its columns in a draft of its own until its
/// first commit builds its row.</remarks>
internal sealed class TaskState
{
    // The row (TaskRecord) or, until the first commit of a task built field by field, the draft.
    private object _columns;

    /// <summary>A task built field by field (JSON, initializers).</summary>
    public TaskState() => _columns = new Draft();

    private TaskState(object columns, int node, int seat, List<string>? then)
    {
        _columns = columns;
        Node = node;
        Seat = seat;
        Then = then;
    }

    /// <summary>A task with its first row.</summary>
    public TaskState(TaskRecord row, int node, int seat, List<string>? then)
        : this((object)row, node, seat, then)
    {
    }

    /// <summary>Task id, unique in the store: <c>{case}/{n}</c>.</summary>
    public string Id { get => _columns is TaskRecord r ? r.TaskId : ((Draft)_columns).Id; set => Set(value, null, null, null, null, 1); }
    /// <summary>Index of the step node.</summary>
    public int Node { get; set; }
    /// <summary>Approver seat of the step.</summary>
    public int Seat { get; set; }
    /// <summary>Role that may take it.</summary>
    public string? Role { get => _columns is TaskRecord r ? r.Role : ((Draft)_columns).Role; set => Set(null, value, null, null, null, 2); }
    /// <summary>Department that may take it.</summary>
    public string? Department { get => _columns is TaskRecord r ? r.Department : ((Draft)_columns).Department; set => Set(null, null, value, null, null, 3); }
    /// <summary>Assigned or claiming actor.</summary>
    public string? Assignee { get => _columns is TaskRecord r ? r.Assignee : ((Draft)_columns).Assignee; set => Set(null, null, null, value, null, 4); }
    /// <summary>When it opened.</summary>
    public DateTimeOffset CreatedAt { get => _columns is TaskRecord r ? r.CreatedAt : ((Draft)_columns).CreatedAt; set => Set(null, null, null, null, value, 5); }
    /// <summary>Signers still to sign on this seat after this task approves (加签 after / before).</summary>
    public List<string>? Then { get; set; }

    /// <summary>The task's store row (not serialized): null while the task is a draft (see remarks).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public TaskRecord? Row
    {
        get => _columns as TaskRecord;
        set => _columns = value ?? throw new ArgumentNullException(nameof(value));
    }

    // One column changes: in the draft, or in a copy of the row (rows never change; the next commit uses the copy).
    private void Set(string? id, string? role, string? department, string? assignee, DateTimeOffset? createdAt, int column)
    {
        if (_columns is TaskRecord row)
        {
            _columns = column switch
            {
                1 => row with { TaskId = id! },
                2 => row with { Role = role },
                3 => row with { Department = department },
                4 => row with { Assignee = assignee },
                _ => row with { CreatedAt = createdAt!.Value },
            };
            return;
        }
        var draft = (Draft)_columns;
        switch (column)
        {
            case 1: draft.Id = id!; break;
            case 2: draft.Role = role; break;
            case 3: draft.Department = department; break;
            case 4: draft.Assignee = assignee; break;
            default: draft.CreatedAt = createdAt!.Value; break;
        }
    }

    /// <summary>A deep copy (a row is shared: it never changes).</summary>
    public TaskState Clone() =>
        new(_columns is Draft d ? new Draft { Id = d.Id, Role = d.Role, Department = d.Department, Assignee = d.Assignee, CreatedAt = d.CreatedAt } : _columns,
            Node, Seat, Then is null ? null : [.. Then]);

    private sealed class Draft
    {
        public string Id { get; set; } = "";
        public string? Role { get; set; }
        public string? Department { get; set; }
        public string? Assignee { get; set; }
        public DateTimeOffset CreatedAt { get; set; }
    }
}
