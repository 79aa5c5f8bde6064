using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>One statutory clock of a case as the case view shows it.</summary>
/// <param name="Id">Clock id, unique within the case (e.g. <c>decision#7</c>).</param>
/// <param name="Kind">Which clock.</param>
/// <param name="StepId">The step, for step and special-procedure clocks.</param>
/// <param name="Limit">The limit counted (before the extension).</param>
/// <param name="StartedAt">When counting started (for deemed acceptance: the receipt).</param>
/// <param name="DueAt">The current due instant (UTC), moved by pauses and the extension.</param>
/// <param name="Status">Running, paused or stopped.</param>
/// <param name="Remaining">Working time left (negative when overdue); for a stopped clock, what was left when it stopped.</param>
/// <param name="RemainingText">In words: <c>剩余 3 个工作日 2 小时</c>, <c>超时 1 个工作日</c>, <c>已到期</c>.</param>
/// <param name="IsProvisional">Counted with assumed Monday–Friday days for a year without holiday data.</param>
public sealed record ClockView(string Id, ClockKind Kind, string? StepId, TimeAmount Limit, DateTimeOffset StartedAt, DateTimeOffset DueAt,
    ClockStatus Status, WorkingTime Remaining, string RemainingText, bool IsProvisional)
{
    /// <summary>Whether it is paused by a special procedure.</summary>
    public bool IsPaused => Status == ClockStatus.Paused;
    /// <summary>Working minutes lost to pauses so far (added back to the due instant).</summary>
    public long PausedMinutes { get; init; }
    /// <summary>Whether the extension was added.</summary>
    public bool Extended { get; init; }
    /// <summary>Levels already fired, in firing order.</summary>
    public IReadOnlyList<AlertLevel> Fired { get; init; } = [];
}
