namespace OneStop.Engine.Storage;

/// <summary>The statistics columns of a case, computed by the engine with the working calendar at commit time so
/// that a store can aggregate them with plain queries. All instants are UTC.</summary>
/// <param name="AcceptedAt">When the case was accepted (受理), or null when it closed before acceptance.</param>
/// <param name="DueAt">When the promised (else statutory) limit runs out, counted from acceptance, including the
/// one extension and the working time lost to special procedures; null before acceptance.</param>
/// <param name="LimitMinutes">That limit in working minutes (with the extension); null before acceptance.</param>
/// <param name="FinishedAt">When the case was finished for statistics (办结): the decision, or the closing event of a
/// case closed without one (rejected, withdrawn, terminated); null while open.</param>
/// <param name="Result">The outcome (Approved, Denied, DeemedApproved) or the closing state (Rejected, Withdrawn,
/// Terminated); null while open.</param>
/// <param name="WorkingMinutes">Working minutes from acceptance to the decision, not counting special procedures;
/// null until decided.</param>
/// <param name="OnTime">Decided at or before <paramref name="DueAt"/> (按时办结); null until decided.</param>
/// <param name="Early">Decided at least one full working day before <paramref name="DueAt"/> (提前办结); null until decided.</param>
public sealed record CaseMetrics(
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DueAt,
    long? LimitMinutes,
    DateTimeOffset? FinishedAt,
    string? Result,
    long? WorkingMinutes,
    bool? OnTime,
    bool? Early);
