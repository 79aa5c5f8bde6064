namespace OneStop.Definitions.Flow;

/// <summary>One approver position of a step: who may take it and how much its vote weighs.</summary>
/// <param name="Role">Role id, or null to use the step's role.</param>
/// <param name="Department">Department, or null to use the step's department.</param>
/// <param name="Weight">Vote weight (票签), default 1.</param>
public sealed record ApproverSeat(string? Role, string? Department, int Weight = 1)
{
    /// <summary>Role id, or null to use the step's role.</summary>
    public string? Role { get; internal init; } = Role;
    /// <summary>Department, or null to use the step's department.</summary>
    public string? Department { get; internal init; } = Department;
    /// <summary>Vote weight (票签), default 1.</summary>
    public int Weight { get; internal init; } = Weight;
}
