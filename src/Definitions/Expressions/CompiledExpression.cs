using OneStop.Definitions.Expressions.Evaluation;

namespace OneStop.Definitions.Expressions;

/// <summary>An expression parsed, type-checked and compiled once; immutable, thread-safe, shared by all cases.</summary>
public sealed class CompiledExpression
{
    private readonly ExprNode _root;

    internal CompiledExpression(string text, ValueKind resultKind, ExprNode root)
    {
        Text = text;
        ResultKind = resultKind;
        _root = root;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The static result type.</summary>
    public ValueKind ResultKind { get; }

    /// <summary>Evaluates against <paramref name="input"/>. Never throws on well-typed input; does not allocate.</summary>
    /// <param name="input">The field values, materials and today's date.</param>
    /// <returns>The result; <see cref="Value.Null"/> when it depends on a missing value or is undefined (division by zero).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public Value Evaluate(IExpressionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _root.Eval(input);
    }

    /// <summary>Evaluates a condition: true only when the result is the boolean true (null counts as false).</summary>
    /// <param name="input">The field values, materials and today's date.</param>
    /// <exception cref="ArgumentNullException"><paramref name="input"/> is null.</exception>
    public bool IsTrue(IExpressionInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return _root.Test(input) == Truth.True;
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
