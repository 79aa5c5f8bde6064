namespace OneStop.Definitions.Flow;

/// <summary>A declared return target, resolved at load time.</summary>
/// <param name="Kind">previous / start / a named step.</param>
/// <param name="StepId">The resolved target step id (also filled for previous and start).</param>
public sealed record ReturnTarget(ReturnTargetKind Kind, string StepId)
{
    /// <summary>previous / start / a named step.</summary>
    public ReturnTargetKind Kind { get; internal init; } = Kind;
    /// <summary>The resolved target step id (also filled for previous and start).</summary>
    public string StepId { get; internal init; } = StepId;
}
