namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary><c>not x</c>: null stays null.</summary>
internal sealed class NotNode(ExprNode operand) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var v = operand.Eval(input);
        return v.Kind == ValueKind.Bool ? Value.FromBool(!v.AsBool) : Value.Null;
    }
}

/// <summary><c>a and b</c> with Kleene logic: false wins over null, null over true.</summary>
internal sealed class AndNode(ExprNode left, ExprNode right) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.Kind == ValueKind.Bool && !l.AsBool)
        {
            return Value.False;
        }
        var r = right.Eval(input);
        if (r.Kind == ValueKind.Bool && !r.AsBool)
        {
            return Value.False;
        }
        return l.AsBool && r.AsBool ? Value.True : Value.Null;
    }
}

/// <summary><c>a or b</c> with Kleene logic: true wins over null, null over false.</summary>
internal sealed class OrNode(ExprNode left, ExprNode right) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.AsBool)
        {
            return Value.True;
        }
        var r = right.Eval(input);
        if (r.AsBool)
        {
            return Value.True;
        }
        return l.Kind == ValueKind.Bool && r.Kind == ValueKind.Bool ? Value.False : Value.Null;
    }
}

/// <summary><c>x == null</c>, <c>x != null</c> and <c>is_null(x)</c>: never null.</summary>
internal sealed class IsNullNode(ExprNode operand, bool negate) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input) => Value.FromBool(operand.Eval(input).IsNull != negate);
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
