namespace OneStop.Engine;

/// <summary>An open task of a case.</summary>
/// <param name="TaskId">Task id.</param>
/// <param name="StepId">Step id.</param>
/// <param name="StepName">Step display name.</param>
/// <param name="Role">Role that may take it.</param>
/// <param name="Department">Department that may take it.</param>
/// <param name="Assignee">Who holds it, if anyone.</param>
/// <param name="CreatedAt">When it opened.</param>
public sealed record TaskView(string TaskId, string StepId, string? StepName, string? Role, string? Department, string? Assignee, DateTimeOffset CreatedAt);
