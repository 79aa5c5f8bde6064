namespace OneStop.Definitions.Flow;

/// <summary>An automatic step handled by a host handler registered by name (a vertical system).</summary>
public sealed class ServiceDefinition : FlowNode
{
    /// <summary>Handler name.</summary>
    public string Handler { get; internal init; } = "";
    /// <summary>Attempts before the failure is surfaced (default 5).</summary>
    public int MaxAttempts { get; internal init; } = 5;
    /// <summary>Optional limit.</summary>
    public TimeAmount? Limit { get; internal init; }
}
