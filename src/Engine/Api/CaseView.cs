namespace OneStop.Engine;

/// <summary>A case as a query returns it.</summary>
/// <param name="CaseNumber">Case number.</param>
/// <param name="ItemCode">Pinned item code.</param>
/// <param name="ItemVersion">Pinned item version.</param>
/// <param name="ItemName">Item name.</param>
/// <param name="Applicant">Applicant.</param>
/// <param name="State">Lifecycle state.</param>
/// <param name="Outcome">Decision, once made.</param>
/// <param name="Version">Event count.</param>
/// <param name="AllowedActions">Actions the lifecycle allows now.</param>
/// <param name="OpenTasks">Open tasks.</param>
/// <param name="Timeline">Every event in order.</param>
public sealed record CaseView(
    string CaseNumber, string ItemCode, int ItemVersion, string ItemName, string Applicant, CaseState State, CaseOutcome? Outcome,
    long Version, IReadOnlyList<CaseAction> AllowedActions, IReadOnlyList<TaskView> OpenTasks, IReadOnlyList<TimelineEntry> Timeline)
{
    /// <summary>Materials promised at 容缺受理 and still missing.</summary>
    public IReadOnlyList<string> PendingMaterials { get; init; } = [];
    /// <summary>Correction notices issued so far.</summary>
    public int CorrectionNotices { get; init; }
    /// <summary>Whether the one extension was used.</summary>
    public bool Extended { get; init; }
    /// <summary>Statutory clocks: due instant, remaining or overdue working time, paused or running, provisional.</summary>
    public IReadOnlyList<ClockView> Clocks { get; init; } = [];
}
