using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions;

/// <summary>Parses, type-checks and compiles expressions of the OneStop expression language.</summary>
public static class ExpressionCompiler
{
    /// <summary>Maximum expression length in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>Maximum nesting depth.</summary>
    public const int MaxDepth = 32;

    /// <summary>Compiles <paramref name="text"/> against <paramref name="schema"/>.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="schema">The names it may use.</param>
    /// <param name="expected">The required result type (Bool for conditions), or null for any.</param>
    /// <returns>The compiled expression, or every error found.</returns>
    public static ExpressionCompileResult Compile(string text, ExpressionSchema schema, ValueKind? expected = ValueKind.Bool)
        => throw new NotImplementedException();
}

/// <summary>The outcome of <see cref="ExpressionCompiler.Compile"/>.</summary>
/// <param name="Expression">The compiled expression, null when there are errors.</param>
/// <param name="Errors">Every error, positioned in the expression text.</param>
public sealed record ExpressionCompileResult(CompiledExpression? Expression, ImmutableArray<ExpressionError> Errors);
