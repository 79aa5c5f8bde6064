namespace OneStop.Definitions;

/// <summary>On-timeout policy of an item or step.</summary>
/// <param name="Action">What to do.</param>
/// <param name="EscalateTo">Role escalated to, for <see cref="TimeoutAction.Escalate"/>.</param>
public sealed record TimeoutPolicy(TimeoutAction Action, string? EscalateTo = null)
{
    /// <summary>What to do.</summary>
    public TimeoutAction Action { get; internal init; } = Action;
    /// <summary>Role escalated to, for <see cref="TimeoutAction.Escalate"/>.</summary>
    public string? EscalateTo { get; internal init; } = EscalateTo;

    /// <summary>The default: notify.</summary>
    public static TimeoutPolicy Notify { get; } = new(TimeoutAction.Notify);
}
