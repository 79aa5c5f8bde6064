using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Flow;

/// <summary>One branch of a choose block.</summary>
/// <param name="Condition">Its condition.</param>
/// <param name="Flow">What runs when it is the first to hold.</param>
public sealed record ChooseBranch(CompiledExpression Condition, SequenceDefinition Flow)
{
    /// <summary>Its condition.</summary>
    public CompiledExpression Condition { get; internal init; } = Condition;
    /// <summary>What runs when it is the first to hold.</summary>
    public SequenceDefinition Flow { get; internal init; } = Flow;
}
