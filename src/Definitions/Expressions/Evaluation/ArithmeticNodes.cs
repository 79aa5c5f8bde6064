using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions.Evaluation;

/// <summary>
/// <c>+ - * / %</c> over numbers. The result kind is fixed at compile time (Int only when both sides
/// are Int and the operator is not <c>/</c>). Null operands, division by zero and overflow give null.
/// </summary>
internal sealed class ArithmeticNode(BinaryOperator op, ExprNode left, ExprNode right, ValueKind type) : ExprNode(type)
{
    public override Value Eval(IExpressionInput input)
    {
        var l = left.Eval(input);
        if (!l.IsNumber)
        {
            return Value.Null;
        }
        var r = right.Eval(input);
        if (!r.IsNumber)
        {
            return Value.Null;
        }
        var a = l.AsDecimal;
        var b = r.AsDecimal;
        if (b == 0 && op is BinaryOperator.Divide or BinaryOperator.Modulo)
        {
            return Value.Null;
        }
        try
        {
            var result = op switch
            {
                BinaryOperator.Add => a + b,
                BinaryOperator.Subtract => a - b,
                BinaryOperator.Multiply => a * b,
                BinaryOperator.Divide => a / b,
                _ => a % b,
            };
            return Value.FromNumber(Type, result);
        }
        catch (OverflowException)
        {
            // Beyond the decimal range (about 7.9e28): null, like any other undefined result.
            return Value.Null;
        }
    }
}

/// <summary>Unary minus.</summary>
internal sealed class NegateNode(ExprNode operand) : ExprNode(operand.Type)
{
    public override Value Eval(IExpressionInput input)
    {
        var v = operand.Eval(input);
        return v.IsNumber ? Value.FromNumber(Type, -v.AsDecimal) : Value.Null;
    }
}
