using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>A deadline that fell due: a warning (Reminder, Yellow) or the timeout (Red at the due instant). Sent to
/// <see cref="IDeadlineHandler"/>s at least once, after the firing committed; deduplicate by <see cref="EventId"/>.</summary>
public sealed record DeadlineEvent
{
    /// <summary>Stable id, the same on every redelivery: <c>deadline:{case}:{clock}:{threshold}</c>.</summary>
    public required string EventId { get; init; }
    /// <summary>The case.</summary>
    public required string CaseNumber { get; init; }
    /// <summary>The item code.</summary>
    public required string ItemCode { get; init; }
    /// <summary>The item name.</summary>
    public string? ItemName { get; init; }
    /// <summary>The responsible department (the step's, for a step clock).</summary>
    public string? Department { get; init; }
    /// <summary>The clock, unique within the case (e.g. <c>decision#7</c>, <c>step:review#12</c>).</summary>
    public required string ClockId { get; init; }
    /// <summary>Which clock.</summary>
    public ClockKind Clock { get; init; }
    /// <summary>The step, for step and special-procedure clocks.</summary>
    public string? StepId { get; init; }
    /// <summary>The threshold within the clock (<c>due</c> for the timeout).</summary>
    public required string ThresholdId { get; init; }
    /// <summary>Warning level.</summary>
    public AlertLevel Level { get; init; }
    /// <summary>True when the clock ran out (the Red threshold at the due instant).</summary>
    public bool IsTimeout { get; init; }
    /// <summary>The clock's due instant (UTC).</summary>
    public DateTimeOffset DueAt { get; init; }
    /// <summary>When the threshold fell due.</summary>
    public DateTimeOffset ThresholdAt { get; init; }
    /// <summary>When it fired (may be later than <see cref="ThresholdAt"/> after downtime).</summary>
    public DateTimeOffset FiredAt { get; init; }
    /// <summary>Working time left until the due instant when it fired (negative when overdue).</summary>
    public WorkingTime Remaining { get; init; }
    /// <summary><see cref="Remaining"/> in words, e.g. <c>剩余 1 个工作日</c> or <c>超时 2 小时</c>.</summary>
    public string RemainingText { get; init; } = "";
    /// <summary>Whether the due instant was counted with assumed Monday–Friday days (no holiday data for some year).</summary>
    public bool IsProvisional { get; init; }
    /// <summary>People holding the open tasks concerned (the step's tasks for a step clock, else all open tasks).</summary>
    public IReadOnlyList<string> Assignees { get; init; } = [];
    /// <summary>Roles of the open tasks concerned.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>What the engine did.</summary>
    public DeadlineOutcome Outcome { get; init; }
    /// <summary>The role escalated to, for <see cref="DeadlineOutcome.Escalated"/>.</summary>
    public string? EscalatedTo { get; init; }
}
