namespace OneStop.Engine.Storage;

/// <summary>An open task, kept by the store for task-list queries (待办).</summary>
public sealed record TaskRecord
{
    // Step, role and department in one part, which the engine's rows of a plan's seat share (see SeatColumns): a row
    // is 24 bytes smaller. It compares by value, so equality, hashing and with-copies behave as with plain fields.
    private SeatColumns _seat;

    /// <summary>A task row.</summary>
    /// <param name="TaskId">Task id, unique in the store.</param>
    /// <param name="CaseNumber">Case.</param>
    /// <param name="StepId">Step.</param>
    /// <param name="Role">Role that may take it, if any.</param>
    /// <param name="Department">Department that may take it, if any.</param>
    /// <param name="Assignee">Actor who claimed or was assigned it, if any.</param>
    /// <param name="CreatedAt">When it opened.</param>
    /// <param name="Due">Its due instant, if it has one.</param>
    public TaskRecord(string TaskId, string CaseNumber, string StepId, string? Role, string? Department, string? Assignee, DateTimeOffset CreatedAt,
        DateTimeOffset? Due)
    {
        this.TaskId = TaskId;
        this.CaseNumber = CaseNumber;
        _seat = SeatColumns.OwnedBy(this, StepId, Role, Department);
        this.Assignee = Assignee;
        this.CreatedAt = CreatedAt;
        this.Due = Due;
    }

    /// <summary>The engine's row, with its seat's shared step, role and department.</summary>
    internal TaskRecord(string taskId, string caseNumber, SeatColumns seat, string? assignee, DateTimeOffset createdAt, DateTimeOffset? due)
    {
        TaskId = taskId;
        CaseNumber = caseNumber;
        _seat = seat;
        Assignee = assignee;
        CreatedAt = createdAt;
        Due = due;
    }

    /// <summary>Task id, unique in the store.</summary>
    public string TaskId { get; init; }
    /// <summary>Case.</summary>
    public string CaseNumber { get; init; }
    /// <summary>Step.</summary>
    public string StepId { get => _seat.StepId!; init => (_seat = SeatColumns.Owned(_seat, this)).StepId = value; }
    /// <summary>Role that may take it, if any.</summary>
    public string? Role { get => _seat.Role; init => (_seat = SeatColumns.Owned(_seat, this)).Role = value; }
    /// <summary>Department that may take it, if any.</summary>
    public string? Department { get => _seat.Department; init => (_seat = SeatColumns.Owned(_seat, this)).Department = value; }
    /// <summary>Actor who claimed or was assigned it, if any.</summary>
    public string? Assignee { get; init; }
    /// <summary>When it opened.</summary>
    public DateTimeOffset CreatedAt { get; init; }
    /// <summary>Its due instant, if it has one.</summary>
    public DateTimeOffset? Due { get; init; }

    /// <summary>The row's columns, in the constructor's order.</summary>
    public void Deconstruct(out string TaskId, out string CaseNumber, out string StepId, out string? Role, out string? Department, out string? Assignee,
        out DateTimeOffset CreatedAt, out DateTimeOffset? Due)
    {
        TaskId = this.TaskId;
        CaseNumber = this.CaseNumber;
        StepId = this.StepId;
        Role = this.Role;
        Department = this.Department;
        Assignee = this.Assignee;
        CreatedAt = this.CreatedAt;
        Due = this.Due;
    }
}
