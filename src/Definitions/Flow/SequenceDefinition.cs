using System.Collections.Immutable;

namespace OneStop.Definitions.Flow;

/// <summary>Children run one after another.</summary>
public sealed class SequenceDefinition : FlowNode
{
    /// <summary>The children in order.</summary>
    public ImmutableArray<FlowNode> Children { get; internal init; } = [];
}
