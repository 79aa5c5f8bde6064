namespace OneStop.Engine;

/// <summary>The step, role and department of a task notice (<see cref="Notification"/>) or task row
/// (<see cref="Storage.TaskRecord"/>), in one object: the plan keeps one per approver seat, which every notice and row of
/// a task on that seat shares. As with <see cref="NoticeCase"/>, a shared one never changes, and one a notice or row made
/// for itself (its constructor, or its init accessors while they ran) is filled in place.</summary>
internal sealed class SeatColumns : IEquatable<SeatColumns>
{
    // The notice or row that fills this object in place while it is built (null: shared, never changed).
    private object? _owner;

    public SeatColumns(string? stepId, string? role, string? department)
    {
        StepId = stepId;
        Role = role;
        Department = department;
    }

    // Set only on an object a notice owns (see Owned).
    public string? StepId { get; set; }
    public string? Role { get; set; }
    public string? Department { get; set; }

    /// <summary>True unless a notice or row owns this object (fills it in place while it is built): a shared one never changes.</summary>
    public bool IsShared => _owner is null;

    /// <summary>A new object <paramref name="owner"/> owns.</summary>
    public static SeatColumns OwnedBy(object owner, string? stepId, string? role, string? department) => new(stepId, role, department) { _owner = owner };

    /// <summary><paramref name="current"/> when <paramref name="owner"/> owns it, else a copy it owns (to fill in place).</summary>
    public static SeatColumns Owned(SeatColumns? current, object owner) =>
        current is not null && ReferenceEquals(current._owner, owner) ? current
            : new SeatColumns(current?.StepId, current?.Role, current?.Department) { _owner = owner };

    /// <summary>True when this names <paramref name="role"/> and <paramref name="department"/>.</summary>
    public bool Names(string? role, string? department) =>
        string.Equals(Role, role, StringComparison.Ordinal) && string.Equals(Department, department, StringComparison.Ordinal);

    /// <inheritdoc />
    public bool Equals(SeatColumns? other) =>
        other is not null && (ReferenceEquals(this, other)
            || (string.Equals(StepId, other.StepId, StringComparison.Ordinal) && string.Equals(Role, other.Role, StringComparison.Ordinal)
                && string.Equals(Department, other.Department, StringComparison.Ordinal)));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as SeatColumns);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(StepId, Role, Department);
}
