namespace OneStop.Definitions.Expressions;

/// <summary>An expression parsed, type-checked and compiled once; immutable, thread-safe, shared by all cases.</summary>
public sealed class CompiledExpression
{
    // Implementation detail owned by the expression compiler.
    internal CompiledExpression(string text, ValueKind resultKind)
    {
        Text = text;
        ResultKind = resultKind;
    }

    /// <summary>The source text.</summary>
    public string Text { get; }

    /// <summary>The static result type.</summary>
    public ValueKind ResultKind { get; }

    /// <summary>Evaluates against <paramref name="input"/>. Never throws on well-typed input; does not allocate.</summary>
    public Value Evaluate(IExpressionInput input) => throw new NotImplementedException();

    /// <summary>Evaluates a condition: true only when the result is the boolean true (null counts as false).</summary>
    public bool IsTrue(IExpressionInput input) => Evaluate(input).AsBool;

    /// <inheritdoc />
    public override string ToString() => Text;
}
