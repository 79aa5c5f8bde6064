namespace OneStop.Definitions;

/// <summary>On-timeout policy of an item or step.</summary>
/// <param name="Action">What to do.</param>
/// <param name="EscalateTo">Role escalated to, for <see cref="TimeoutAction.Escalate"/>.</param>
public sealed record TimeoutPolicy(TimeoutAction Action, string? EscalateTo = null)
{
    /// <summary>The default: notify.</summary>
    public static TimeoutPolicy Notify { get; } = new(TimeoutAction.Notify);
}
