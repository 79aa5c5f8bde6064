namespace OneStop.Definitions;

/// <summary>What happens when a clock runs out.</summary>
public enum TimeoutAction
{
    /// <summary>Notify (default).</summary>
    Notify,
    /// <summary>Escalate to a role.</summary>
    Escalate,
    /// <summary>Auto-pass the step.</summary>
    AutoPass,
    /// <summary>超时默认许可: the case is decided as deemed approved.</summary>
    DeemedApproved,
}
