using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>A supervision alert (预警): one rule that fired on one case. Stored with the case, delivered to the host's
/// <see cref="ISupervisionSink"/> through the outbox, and followed through its lifecycle (raised → acknowledged → resolved).
/// A change is a copy (<c>with</c>); the store upserts by <see cref="AlertId"/>.</summary>
/// <param name="AlertId">Stable id: <c>{case}:{rule}:{n}</c>, where n is the event sequence that triggered it (or the
/// refused command's key for attempts that changed nothing).</param>
/// <param name="CaseNumber">The case.</param>
/// <param name="ItemCode">The case's item.</param>
/// <param name="RuleId">The rule, e.g. <c>process.second-correction</c> or <c>custom.big-fee</c>.</param>
/// <param name="Level">Reminder (提醒), Yellow (黄牌) or Red (红牌).</param>
/// <param name="Status">Where the alert is in its lifecycle.</param>
/// <param name="StepId">The step concerned, if any.</param>
/// <param name="Department">The department held responsible (the step's, else the case's).</param>
/// <param name="Actor">Who acted when the rule fired (<c>system</c> for deadlines).</param>
/// <param name="Evidence">What the rule saw, in words a supervisor can check against the case's timeline.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="SuperviseBy">督办 due date: when the department must have dealt with it; null for reminders.</param>
public sealed record Alert(
    string AlertId,
    string CaseNumber,
    string ItemCode,
    string RuleId,
    AlertLevel Level,
    AlertStatus Status,
    string? StepId,
    string? Department,
    string? Actor,
    string Evidence,
    DateTimeOffset RaisedAt,
    DateTimeOffset? SuperviseBy)
{
    /// <summary>When it was acknowledged (签收), or null.</summary>
    public DateTimeOffset? AcknowledgedAt { get; init; }
    /// <summary>Who acknowledged it.</summary>
    public string? AcknowledgedBy { get; init; }
    /// <summary>When it was resolved (办结), or null.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }
    /// <summary>Who resolved it.</summary>
    public string? ResolvedBy { get; init; }
    /// <summary>The last note given with an acknowledgement or resolution.</summary>
    public string? Note { get; init; }
    /// <summary>True once an overdue 督办 raised its own Red alert (so it is raised once).</summary>
    public bool Escalated { get; init; }
}
