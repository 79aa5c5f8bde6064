namespace OneStop.Engine.Storage;

/// <summary>An open task, kept by the store for task-list queries (待办).</summary>
/// <param name="TaskId">Task id, unique in the store.</param>
/// <param name="CaseNumber">Case.</param>
/// <param name="StepId">Step.</param>
/// <param name="Role">Role that may take it, if any.</param>
/// <param name="Department">Department that may take it, if any.</param>
/// <param name="Assignee">Actor who claimed or was assigned it, if any.</param>
/// <param name="CreatedAt">When it opened.</param>
/// <param name="Due">Its due instant, if it has one.</param>
public sealed record TaskRecord(
    string TaskId,
    string CaseNumber,
    string StepId,
    string? Role,
    string? Department,
    string? Assignee,
    DateTimeOffset CreatedAt,
    DateTimeOffset? Due);
