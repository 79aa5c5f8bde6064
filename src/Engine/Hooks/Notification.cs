using OneStop.Definitions.Flow;

namespace OneStop.Engine;

/// <summary>A notice for an applicant or staff member. Fields not relevant to <see cref="Kind"/> are null.</summary>
public sealed record Notification
{
    /// <summary>What it is about.</summary>
    public required NotificationKind Kind { get; init; }
    /// <summary>The case.</summary>
    public required string CaseNumber { get; init; }
    /// <summary>The item code.</summary>
    public required string ItemCode { get; init; }
    /// <summary>The item name.</summary>
    public string? ItemName { get; init; }
    /// <summary>The applicant.</summary>
    public string? Applicant { get; init; }
    /// <summary>Commit time.</summary>
    public DateTimeOffset At { get; init; }
    /// <summary>Correction notice: every missing or defective material.</summary>
    public IReadOnlyList<CorrectionItem>? Items { get; init; }
    /// <summary>Refusal, denial, extension, suspension or closure reason.</summary>
    public string? Reason { get; init; }
    /// <summary>Decision.</summary>
    public CaseOutcome? Outcome { get; init; }
    /// <summary>Special procedure.</summary>
    public SpecialProcedureKind? Procedure { get; init; }
    /// <summary>True when a special procedure ended (false when it started).</summary>
    public bool? Ended { get; init; }
    /// <summary>Task assigned: the task.</summary>
    public string? TaskId { get; init; }
    /// <summary>Task assigned: the step.</summary>
    public string? StepId { get; init; }
    /// <summary>Task assigned: the role.</summary>
    public string? Role { get; init; }
    /// <summary>Task assigned: the department.</summary>
    public string? Department { get; init; }
    /// <summary>Task assigned: the person.</summary>
    public string? Assignee { get; init; }
    /// <summary>容缺受理: materials still due.</summary>
    public IReadOnlyList<string>? PendingMaterials { get; init; }
    /// <summary>容缺受理: the date they are promised by.</summary>
    public DateOnly? PromisedBy { get; init; }
}
