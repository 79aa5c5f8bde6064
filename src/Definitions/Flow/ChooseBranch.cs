using OneStop.Definitions.Expressions;

namespace OneStop.Definitions.Flow;

/// <summary>One branch of a choose block.</summary>
/// <param name="Condition">Its condition.</param>
/// <param name="Flow">What runs when it is the first to hold.</param>
public sealed record ChooseBranch(CompiledExpression Condition, SequenceDefinition Flow);
