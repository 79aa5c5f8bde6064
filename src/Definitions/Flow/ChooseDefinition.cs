using System.Collections.Immutable;

namespace OneStop.Definitions.Flow;

/// <summary>Runs the first branch whose condition holds, else <see cref="Otherwise"/> (or nothing).</summary>
public sealed class ChooseDefinition : FlowNode
{
    /// <summary>The conditional branches in order.</summary>
    public ImmutableArray<ChooseBranch> Branches { get; internal init; } = [];
    /// <summary>The fallback; null when absent.</summary>
    public SequenceDefinition? Otherwise { get; internal init; }
}
