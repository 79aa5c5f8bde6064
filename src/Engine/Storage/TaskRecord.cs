namespace OneStop.Engine.Storage;

/// <summary>An open task, kept by the store for task-list queries (待办).</summary>
public sealed record TaskRecord
{
    // Step, role and department in one part, which the engine's rows of a plan's seat share (see SeatColumns): a row
    // is 24 bytes smaller. It compares by value, so equality, hashing and with-copies behave as with plain fields.
    private SeatColumns _seat;
    // Opening and due instants as UTC ticks and offsets (24 bytes for both, where the two fields took 40); they compare
    // by instant, as DateTimeOffset does.
    private RowTimes _times;

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
        _times = new RowTimes(CreatedAt, Due);
    }

    /// <summary>The engine's row, with its seat's shared step, role and department.</summary>
    internal TaskRecord(string taskId, string caseNumber, SeatColumns seat, string? assignee, DateTimeOffset createdAt, DateTimeOffset? due)
    {
        TaskId = taskId;
        CaseNumber = caseNumber;
        _seat = seat;
        Assignee = assignee;
        _times = new RowTimes(createdAt, due);
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
    public DateTimeOffset CreatedAt { get => _times.CreatedAt; init => _times = new RowTimes(value, _times.Due); }
    /// <summary>Its due instant, if it has one.</summary>
    public DateTimeOffset? Due { get => _times.Due; init => _times = new RowTimes(_times.CreatedAt, value); }

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

    private readonly struct RowTimes : IEquatable<RowTimes>
    {
        private readonly long _createdTicks;
        private readonly long _dueTicks;
        private readonly short _createdOffset;
        private readonly short _dueOffset;
        private readonly bool _hasDue;

        public RowTimes(DateTimeOffset createdAt, DateTimeOffset? due)
        {
            _createdTicks = createdAt.UtcTicks;
            _createdOffset = PackedInstant.OffsetMinutes(createdAt);
            if (due is { } d)
            {
                _dueTicks = d.UtcTicks;
                _dueOffset = PackedInstant.OffsetMinutes(d);
                _hasDue = true;
            }
        }

        public DateTimeOffset CreatedAt => PackedInstant.Unpack(_createdTicks, _createdOffset);

        public DateTimeOffset? Due => _hasDue ? PackedInstant.Unpack(_dueTicks, _dueOffset) : null;

        // By instant (the offsets aside), as DateTimeOffset compares.
        public bool Equals(RowTimes other) => _createdTicks == other._createdTicks && _hasDue == other._hasDue && (!_hasDue || _dueTicks == other._dueTicks);

        public override bool Equals(object? obj) => obj is RowTimes other && Equals(other);

        public override int GetHashCode() => HashCode.Combine(_createdTicks, _hasDue ? _dueTicks : -1);
    }
}
