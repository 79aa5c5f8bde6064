using System.Collections.Immutable;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary><c>==</c> and <c>!=</c> between non-null-literal operands: null if either side is null.</summary>
internal sealed class EqualityNode(ExprNode left, ExprNode right, bool negate) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Value.Null;
        }
        var r = right.Eval(input);
        return r.IsNull ? Value.Null : Value.FromBool(l.Equals(r) != negate);
    }
}

/// <summary><c>&lt; &lt;= &gt; &gt;=</c> over numbers, strings (ordinal) or dates; null if either side is null.</summary>
internal sealed class OrderingNode(BinaryOperator op, ExprNode left, ExprNode right) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Value.Null;
        }
        var r = right.Eval(input);
        int c;
        if (l.IsNumber && r.IsNumber)
        {
            c = decimal.Compare(l.AsDecimal, r.AsDecimal);
        }
        else if (l.Kind == ValueKind.String && r.Kind == ValueKind.String)
        {
            c = string.CompareOrdinal(l.AsString, r.AsString);
        }
        else if (l.Kind == ValueKind.Date && r.Kind == ValueKind.Date)
        {
            c = decimal.Compare(l.AsDecimal, r.AsDecimal);
        }
        else
        {
            return Value.Null;
        }
        return Value.FromBool(op switch
        {
            BinaryOperator.Less => c < 0,
            BinaryOperator.LessOrEqual => c <= 0,
            BinaryOperator.Greater => c > 0,
            _ => c >= 0,
        });
    }
}

/// <summary><c>x in [literal, …]</c> and <c>x not in [literal, …]</c>.</summary>
internal sealed class InConstantsNode(ExprNode left, ImmutableArray<Value> items, bool negate) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Value.Null;
        }
        foreach (var item in items)
        {
            if (l.Equals(item))
            {
                return Value.FromBool(!negate);
            }
        }
        return Value.FromBool(negate);
    }
}

/// <summary><c>s in list</c> where the list is computed (a list field); also <c>contains(list, s)</c>.</summary>
internal sealed class InListNode(ExprNode left, ExprNode list, bool negate) : ExprNode(ValueKind.Bool)
{
    public override Value Eval(IExpressionInput input)
    {
        var s = left.Eval(input).AsString;
        var l = list.Eval(input);
        if (s is null || l.Kind != ValueKind.List)
        {
            return Value.Null;
        }
        foreach (var item in l.AsList)
        {
            if (string.Equals(item, s, StringComparison.Ordinal))
            {
                return Value.FromBool(!negate);
            }
        }
        return Value.FromBool(negate);
    }
}
