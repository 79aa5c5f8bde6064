using System.Collections.Immutable;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary><c>==</c> and <c>!=</c> between non-null-literal operands: null if either side is null.</summary>
internal sealed class EqualityNode(ExprNode left, ExprNode right, bool negate) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Truth.Unknown;
        }
        var r = right.Eval(input);
        return r.IsNull ? Truth.Unknown : ToTruth(l.Equals(r) != negate);
    }
}

/// <summary><c>x == 'text'</c> / <c>x != 'text'</c>: the common choice-field test, ordinal, without a general Value comparison.</summary>
internal sealed class StringEqualsConstantNode(ExprNode operand, string constant, bool negate) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var s = operand.Eval(input).AsString;
        return s is null ? Truth.Unknown : ToTruth(string.Equals(s, constant, StringComparison.Ordinal) != negate);
    }
}

/// <summary><c>x op number</c> with a constant on the right, e.g. <c>area &gt; 200</c>.</summary>
internal sealed class NumberCompareConstantNode(BinaryOperator op, ExprNode operand, decimal constant) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var v = operand.Eval(input);
        return v.IsNumber ? ToTruth(OrderingNode.Holds(op, decimal.Compare(v.AsDecimal, constant))) : Truth.Unknown;
    }
}

/// <summary><c>&lt; &lt;= &gt; &gt;=</c> over numbers, strings (ordinal) or dates; null if either side is null.</summary>
internal sealed class OrderingNode(BinaryOperator op, ExprNode left, ExprNode right) : ConditionNode
{
    public static bool Holds(BinaryOperator op, int comparison) => op switch
    {
        BinaryOperator.Less => comparison < 0,
        BinaryOperator.LessOrEqual => comparison <= 0,
        BinaryOperator.Greater => comparison > 0,
        _ => comparison >= 0,
    };

    public override Truth Test(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Truth.Unknown;
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
            return Truth.Unknown;
        }
        return ToTruth(Holds(op, c));
    }
}

/// <summary><c>x in [literal, …]</c> and <c>x not in [literal, …]</c>.</summary>
internal sealed class InConstantsNode(ExprNode left, ImmutableArray<Value> items, bool negate) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (l.IsNull)
        {
            return Truth.Unknown;
        }
        foreach (var item in items)
        {
            if (l.Equals(item))
            {
                return ToTruth(!negate);
            }
        }
        return ToTruth(negate);
    }
}

/// <summary><c>s in list</c> where the list is computed (a list field); also <c>contains(list, s)</c>.</summary>
internal sealed class InListNode(ExprNode left, ExprNode list, bool negate) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var s = left.Eval(input).AsString;
        var l = list.Eval(input);
        if (s is null || l.Kind != ValueKind.List)
        {
            return Truth.Unknown;
        }
        foreach (var item in l.AsList)
        {
            if (string.Equals(item, s, StringComparison.Ordinal))
            {
                return ToTruth(!negate);
            }
        }
        return ToTruth(negate);
    }
}
