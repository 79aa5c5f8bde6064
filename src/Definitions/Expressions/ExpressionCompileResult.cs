using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions;

/// <summary>The outcome of <see cref="ExpressionCompiler.Compile"/>.</summary>
/// <param name="Expression">The compiled expression, null when there are errors.</param>
/// <param name="Errors">Every error, positioned in the expression text.</param>
public sealed record ExpressionCompileResult(CompiledExpression? Expression, ImmutableArray<ExpressionError> Errors)
{
    /// <summary>True when the expression compiled without errors.</summary>
    public bool Success => Expression is not null && Errors.IsEmpty;
}
