using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary><c>not x</c>: null stays null.</summary>
internal sealed class NotNode(ExprNode operand) : ConditionNode
{
    public override Truth Test(IExpressionInput input) => operand.Test(input) switch
    {
        Truth.True => Truth.False,
        Truth.False => Truth.True,
        _ => Truth.Unknown,
    };
}

/// <summary>
/// <c>a and b and …</c> with Kleene logic: false wins over null, null over true. Chains are flattened
/// into one node so a long condition costs one call per operand, evaluated left to right.
/// </summary>
internal sealed class AndNode(ImmutableArray<ExprNode> operands) : ConditionNode
{
    public ImmutableArray<ExprNode> Operands { get; } = operands;

    public static AndNode Create(ExprNode left, ExprNode right)
        => new([.. left is AndNode l ? l.Operands : [left], .. right is AndNode r ? r.Operands : [right]]);

    public override Truth Test(IExpressionInput input)
    {
        var result = Truth.True;
        foreach (var operand in Operands)
        {
            var t = operand.Test(input);
            if (t == Truth.False)
            {
                return Truth.False;
            }
            if (t == Truth.Unknown)
            {
                result = Truth.Unknown;
            }
        }
        return result;
    }
}

/// <summary><c>a or b or …</c> with Kleene logic: true wins over null, null over false. Flattened like <see cref="AndNode"/>.</summary>
internal sealed class OrNode(ImmutableArray<ExprNode> operands) : ConditionNode
{
    public ImmutableArray<ExprNode> Operands { get; } = operands;

    public static OrNode Create(ExprNode left, ExprNode right)
        => new([.. left is OrNode l ? l.Operands : [left], .. right is OrNode r ? r.Operands : [right]]);

    public override Truth Test(IExpressionInput input)
    {
        var result = Truth.False;
        foreach (var operand in Operands)
        {
            var t = operand.Test(input);
            if (t == Truth.True)
            {
                return Truth.True;
            }
            if (t == Truth.Unknown)
            {
                result = Truth.Unknown;
            }
        }
        return result;
    }
}

/// <summary><c>x == null</c>, <c>x != null</c> and <c>is_null(x)</c>: never null.</summary>
internal sealed class IsNullNode(ExprNode operand, bool negate) : ConditionNode
{
    public override Truth Test(IExpressionInput input) => ToTruth(operand.Eval(input).IsNull != negate);
}

/// <summary><c>coalesce(x, y)</c>: x unless it is null.</summary>
internal sealed class CoalesceNode(ExprNode first, ExprNode second, ValueKind type) : ExprNode(type)
{
    public override Value Eval(IExpressionInput input)
    {
        var v = first.Eval(input);
        return v.IsNull ? second.Eval(input) : v;
    }
}
