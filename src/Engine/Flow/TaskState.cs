namespace OneStop.Engine.Flow;

/// <summary>An open task inside a case snapshot.</summary>
internal sealed class TaskState
{
    /// <summary>Task id, unique in the store: <c>{case}/{n}</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Index of the step node.</summary>
    public int Node { get; set; }
    /// <summary>Approver seat of the step.</summary>
    public int Seat { get; set; }
    /// <summary>Role that may take it.</summary>
    public string? Role { get; set; }
    /// <summary>Department that may take it.</summary>
    public string? Department { get; set; }
    /// <summary>Assigned or claiming actor.</summary>
    public string? Assignee { get; set; }
    /// <summary>When it opened.</summary>
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Signers still to sign on this seat after this task approves (加签 after / before).</summary>
    public List<string>? Then { get; set; }

    /// <summary>The store row last committed for this task (not serialized): reused while its columns still match,
    /// so a command does not rebuild the rows of tasks it did not touch.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Storage.TaskRecord? Row { get; set; }

    /// <summary>A deep copy.</summary>
    public TaskState Clone() => new()
    {
        Id = Id, Node = Node, Seat = Seat, Role = Role, Department = Department, Assignee = Assignee,
        CreatedAt = CreatedAt, Then = Then is null ? null : [.. Then],
    };
}
