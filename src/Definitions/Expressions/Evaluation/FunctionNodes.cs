namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary><c>len(s)</c> or <c>len(list)</c>.</summary>
internal sealed class LenNode(ExprNode operand) : ExprNode(ValueKind.Int)
{
    public override Value Eval(IExpressionInput input)
    {
        var v = operand.Eval(input);
        return v.Kind switch
        {
            ValueKind.String => Value.FromInt(v.AsString!.Length),
            ValueKind.List => Value.FromInt(v.AsList.Length),
            _ => Value.Null,
        };
    }
}

/// <summary>Which string test a <see cref="StringTestNode"/> performs.</summary>
internal enum StringTest : byte
{
    Contains,
    StartsWith,
    EndsWith,
}

/// <summary><c>contains(s, sub)</c>, <c>starts_with(s, p)</c>, <c>ends_with(s, p)</c>; ordinal.</summary>
internal sealed class StringTestNode(StringTest test, ExprNode text, ExprNode part) : ConditionNode
{
    public override Truth Test(IExpressionInput input)
    {
        var s = text.Eval(input).AsString;
        var p = part.Eval(input).AsString;
        if (s is null || p is null)
        {
            return Truth.Unknown;
        }
        return ToTruth(test switch
        {
            StringTest.Contains => s.Contains(p, StringComparison.Ordinal),
            StringTest.StartsWith => s.StartsWith(p, StringComparison.Ordinal),
            _ => s.EndsWith(p, StringComparison.Ordinal),
        });
    }
}

/// <summary><c>days_between(d1, d2)</c>: d2 minus d1 in calendar days.</summary>
internal sealed class DaysBetweenNode(ExprNode from, ExprNode to) : ExprNode(ValueKind.Int)
{
    public override Value Eval(IExpressionInput input)
    {
        var a = from.Eval(input);
        var b = to.Eval(input);
        return a.Kind == ValueKind.Date && b.Kind == ValueKind.Date
            ? Value.FromInt((long)(b.AsDecimal - a.AsDecimal))
            : Value.Null;
    }
}

/// <summary><c>add_days(d, n)</c>; null when the result leaves the calendar range.</summary>
internal sealed class AddDaysNode(ExprNode date, ExprNode days) : ExprNode(ValueKind.Date)
{
    private static readonly decimal MaxDayNumber = DateOnly.MaxValue.DayNumber;

    public override Value Eval(IExpressionInput input)
    {
        var d = date.Eval(input);
        var n = days.Eval(input);
        if (d.Kind != ValueKind.Date || !n.IsNumber)
        {
            return Value.Null;
        }
        var offset = decimal.Truncate(n.AsDecimal);
        if (offset < -MaxDayNumber || offset > MaxDayNumber)
        {
            return Value.Null;
        }
        var day = d.AsDecimal + offset;
        return day >= 0 && day <= MaxDayNumber ? Value.FromDate(DateOnly.FromDayNumber((int)day)) : Value.Null;
    }
}

/// <summary>Which date part a <see cref="DatePartNode"/> extracts.</summary>
internal enum DatePart : byte
{
    Year,
    Month,
}

/// <summary><c>year(d)</c> and <c>month(d)</c>.</summary>
internal sealed class DatePartNode(DatePart part, ExprNode date) : ExprNode(ValueKind.Int)
{
    public override Value Eval(IExpressionInput input)
    {
        var d = date.Eval(input);
        if (d.Kind != ValueKind.Date)
        {
            return Value.Null;
        }
        var value = d.AsDate;
        return Value.FromInt(part == DatePart.Year ? value.Year : value.Month);
    }
}
