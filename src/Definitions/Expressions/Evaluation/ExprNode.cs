namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary>
/// A node of a compiled expression. Nodes are immutable and evaluate without allocating; every node
/// tolerates values of unexpected kinds (a host bug) by producing null rather than throwing.
/// </summary>
internal abstract class ExprNode(ValueKind type)
{
    /// <summary>The static type; <see cref="ValueKind.Null"/> only for the null literal.</summary>
    public ValueKind Type { get; } = type;

    public abstract Value Eval(IExpressionInput input);
}

/// <summary>A literal (or a constant folded at compile time).</summary>
internal sealed class ConstantNode(Value value, ValueKind type) : ExprNode(type)
{
    public ConstantNode(Value value)
        : this(value, value.Kind)
    {
    }

    public Value Value { get; } = value;

    public override Value Eval(IExpressionInput input) => Value;
}

/// <summary>Reads a form field by slot.</summary>
internal sealed class FieldNode(int slot, ValueKind type) : ExprNode(type)
{
    public override Value Eval(IExpressionInput input) => input.GetField(slot);
}

/// <summary><c>has('material-id')</c>.</summary>
internal sealed class HasNode(int index) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input) => Value.FromBool(input.HasMaterial(index));
}

/// <summary><c>today()</c>.</summary>
internal sealed class TodayNode() : ExprNode(ValueKind.Date)
{
    public override Value Eval(IExpressionInput input) => Value.FromDate(input.Today);
}
