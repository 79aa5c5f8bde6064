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

    /// <summary>
    /// Evaluates a boolean expression as a three-valued truth. Conditions go through this path, which
    /// returns one byte instead of a <see cref="Value"/>; boolean nodes override it and derive Eval from it.
    /// </summary>
    public virtual Truth Test(IExpressionInput input) => ToTruth(Eval(input));

    public static Truth ToTruth(Value v) => v.Kind != ValueKind.Bool ? Truth.Unknown : v.AsBool ? Truth.True : Truth.False;

    public static Value ToValue(Truth t) => t switch
    {
        Truth.True => Value.True,
        Truth.False => Value.False,
        _ => Value.Null,
    };

    public static Truth ToTruth(bool b) => b ? Truth.True : Truth.False;
}

/// <summary>Kleene three-valued truth: null is <see cref="Unknown"/>.</summary>
internal enum Truth : byte
{
    False,
    True,
    Unknown,
}

/// <summary>A node whose result is a boolean; evaluation goes through <see cref="ExprNode.Test"/>.</summary>
internal abstract class ConditionNode() : ExprNode(ValueKind.Bool)
{
    public sealed override Value Eval(IExpressionInput input) => ToValue(Test(input));

    public abstract override Truth Test(IExpressionInput input);
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
internal sealed class HasNode(int index) : ConditionNode
{
    public override Truth Test(IExpressionInput input) => ToTruth(input.HasMaterial(index));
}

/// <summary><c>today()</c>.</summary>
internal sealed class TodayNode() : ExprNode(ValueKind.Date)
{
    public override Value Eval(IExpressionInput input) => Value.FromDate(input.Today);
}
