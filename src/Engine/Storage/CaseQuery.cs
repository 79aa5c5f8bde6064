namespace OneStop.Engine.Storage;

/// <summary>Case search filters; null means any.</summary>
/// <param name="Applicant">Exact applicant.</param>
/// <param name="ItemCode">Item code.</param>
/// <param name="Department">Department.</param>
/// <param name="State">Lifecycle state name.</param>
/// <param name="SubmittedFrom">Submitted at or after.</param>
/// <param name="SubmittedTo">Submitted before.</param>
/// <param name="Offset">Rows to skip.</param>
/// <param name="Limit">Page size.</param>
public sealed record CaseQuery(
    string? Applicant = null,
    string? ItemCode = null,
    string? Department = null,
    string? State = null,
    DateTimeOffset? SubmittedFrom = null,
    DateTimeOffset? SubmittedTo = null,
    int Offset = 0,
    int Limit = 50);
