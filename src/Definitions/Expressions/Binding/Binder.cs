using System.Collections.Immutable;
using OneStop.Definitions.Expressions.Evaluation;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions.Binding;

/// <summary>
/// Type-checks a syntax tree against a schema and builds the evaluation tree. Reports every type error;
/// a sub-expression with an error binds to null so its parents do not report follow-on errors.
/// </summary>
internal sealed partial class Binder(ExpressionSchema schema, List<ExpressionError> errors)
{
    public ExprNode? Bind(SyntaxNode node) => node switch
    {
        LiteralSyntax l => new ConstantNode(l.Value),
        PathSyntax p => BindPath(p),
        UnarySyntax u => BindUnary(u),
        BinarySyntax b => BindBinary(b),
        CallSyntax c => BindCall(c),
        ListSyntax list => BindListValue(list),
        _ => null,
    };

    internal static string KindName(ValueKind kind) => kind.ToString().ToLowerInvariant();

    private static bool IsNumeric(ValueKind k) => k is ValueKind.Int or ValueKind.Decimal;

    /// <summary>Whether two static types may be compared for equality (null fits anything).</summary>
    private static bool Compatible(ValueKind a, ValueKind b)
        => a == b || a == ValueKind.Null || b == ValueKind.Null || (IsNumeric(a) && IsNumeric(b));

    private void Error(string code, string message, int offset, int length, string? hint = null)
        => errors.Add(new ExpressionError(code, message, offset, Math.Max(length, 1), hint));

    private void Error(string code, string message, SyntaxNode at, string? hint = null)
        => Error(code, message, at.Offset, at.Length, hint);

    private ExprNode? BindPath(PathSyntax p)
    {
        if (schema.TryGetField(p.Path, out var field))
        {
            return new FieldNode(field.Slot, field.Kind);
        }
        var hint = Functions.ContainsKey(p.Path)
            ? $"'{p.Path}' is a function: call it as {p.Path}(…)"
            : Suggestions.DidYouMean(p.Path, schema.Fields.Select(f => f.Path));
        Error(ExpressionErrorCodes.UnknownField, $"unknown field '{p.Path}'", p, hint);
        return null;
    }

    private ExprNode? BindUnary(UnarySyntax u)
    {
        var operand = Bind(u.Operand);
        if (operand is null)
        {
            return null;
        }
        if (u.Operator == UnaryOperator.Not)
        {
            if (operand.Type is ValueKind.Bool or ValueKind.Null)
            {
                return new NotNode(operand);
            }
            Error(ExpressionErrorCodes.LogicalType, $"operand of 'not' must be a boolean but is {KindName(operand.Type)}", u.Operand);
            return null;
        }
        if (operand is ConstantNode { Value.IsNumber: true } c)
        {
            return new ConstantNode(new NegateNode(c).Eval(EmptyInput.Instance), c.Type);
        }
        if (IsNumeric(operand.Type) || operand.Type == ValueKind.Null)
        {
            return new NegateNode(operand);
        }
        Error(ExpressionErrorCodes.ArithmeticType, $"operand of unary '-' must be a number but is {KindName(operand.Type)}", u.Operand);
        return null;
    }

    private ExprNode? BindBinary(BinarySyntax b)
    {
        if (b.Operator is BinaryOperator.In or BinaryOperator.NotIn)
        {
            return BindIn(b);
        }
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        if (left is null || right is null)
        {
            return null;
        }
        var op = SyntaxFacts.Spelling(b.Operator);
        switch (b.Operator)
        {
            case BinaryOperator.And or BinaryOperator.Or:
                var ok = RequireBool(left, b.Left, op) & RequireBool(right, b.Right, op);
                return !ok ? null : b.Operator == BinaryOperator.And ? AndNode.Create(left, right) : OrNode.Create(left, right);
            case BinaryOperator.Equal or BinaryOperator.NotEqual:
                var negate = b.Operator == BinaryOperator.NotEqual;
                // 'x == null' is a null test, not a comparison that would itself be null.
                if (b.Right is LiteralSyntax { Value.IsNull: true })
                {
                    return new IsNullNode(left, negate);
                }
                if (b.Left is LiteralSyntax { Value.IsNull: true })
                {
                    return new IsNullNode(right, negate);
                }
                if (!CheckComparable(b, left, right, op))
                {
                    return null;
                }
                return (left, right) switch
                {
                    (_, ConstantNode { Value.Kind: ValueKind.String } c) => new StringEqualsConstantNode(left, c.Value.AsString!, negate),
                    (ConstantNode { Value.Kind: ValueKind.String } c, _) => new StringEqualsConstantNode(right, c.Value.AsString!, negate),
                    _ => new EqualityNode(left, right, negate),
                };
            case BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual:
                if (!CheckComparable(b, left, right, op))
                {
                    return null;
                }
                var t = left.Type == ValueKind.Null ? right.Type : left.Type;
                if (t is ValueKind.Bool or ValueKind.List)
                {
                    Error(ExpressionErrorCodes.ComparisonType, $"'{op}' cannot order {KindName(t)} values", b.OperatorOffset, b.OperatorLength,
                        "only numbers, strings and dates can be ordered; use '==' or '!='");
                    return null;
                }
                return right is ConstantNode { Value.IsNumber: true } n
                    ? new NumberCompareConstantNode(b.Operator, left, n.Value.AsDecimal)
                    : new OrderingNode(b.Operator, left, right);
            default:
                return BindArithmetic(b, left, right, op);
        }
    }

    private bool RequireBool(ExprNode node, SyntaxNode at, string op)
    {
        if (node.Type is ValueKind.Bool or ValueKind.Null)
        {
            return true;
        }
        var hint = node.Type switch
        {
            ValueKind.Int or ValueKind.Decimal => "compare it, e.g. x > 0",
            ValueKind.String => "compare it, e.g. x == 'value'",
            _ => null,
        };
        Error(ExpressionErrorCodes.LogicalType, $"operand of '{op}' must be a boolean but is {KindName(node.Type)}", at, hint);
        return false;
    }

    private bool CheckComparable(BinarySyntax b, ExprNode left, ExprNode right, string op)
    {
        if (!Compatible(left.Type, right.Type))
        {
            var hint = (left.Type, right.Type) switch
            {
                (ValueKind.Date, ValueKind.String) or (ValueKind.String, ValueKind.Date) => "write a date as date('2025-10-01')",
                (ValueKind.String, ValueKind.Int or ValueKind.Decimal) or (ValueKind.Int or ValueKind.Decimal, ValueKind.String)
                    => "numbers are written without quotes",
                _ => null,
            };
            Error(ExpressionErrorCodes.ComparisonType, $"cannot compare {KindName(left.Type)} with {KindName(right.Type)} using '{op}'",
                b.OperatorOffset, b.OperatorLength, hint);
            return false;
        }
        return CheckChoice(b.Left, b.Right) & CheckChoice(b.Right, b.Left);
    }

    /// <summary>When <paramref name="fieldSide"/> is a choice field and the other side a string literal, the literal must be an option.</summary>
    private bool CheckChoice(SyntaxNode fieldSide, SyntaxNode literalSide)
    {
        if (fieldSide is not PathSyntax p || !schema.TryGetField(p.Path, out var field) || field.Options.IsEmpty
            || literalSide is not LiteralSyntax { Value.Kind: ValueKind.String } literal)
        {
            return true;
        }
        var s = literal.Value.AsString!;
        if (field.Options.Contains(s, StringComparer.Ordinal))
        {
            return true;
        }
        Error(ExpressionErrorCodes.UnknownOption,
            $"'{s}' is not an option of choice field '{field.Path}' (options: {string.Join(", ", field.Options)})", literalSide,
            Suggestions.DidYouMean(s, field.Options));
        return false;
    }

    private ExprNode? BindArithmetic(BinarySyntax b, ExprNode left, ExprNode right, string op)
    {
        var ok = true;
        foreach (var (node, at) in new[] { (left, b.Left), (right, b.Right) })
        {
            if (!IsNumeric(node.Type) && node.Type != ValueKind.Null)
            {
                var hint = node.Type switch
                {
                    ValueKind.String => "text cannot be combined with arithmetic; use contains(), starts_with() or ends_with() to test it",
                    ValueKind.Date => "use add_days(d, n) or days_between(d1, d2) for date arithmetic",
                    _ => null,
                };
                Error(ExpressionErrorCodes.ArithmeticType, $"operand of '{op}' must be a number but is {KindName(node.Type)}", at, hint);
                ok = false;
            }
        }
        if (!ok)
        {
            return null;
        }
        var type = left.Type == ValueKind.Int && right.Type == ValueKind.Int && b.Operator != BinaryOperator.Divide
            ? ValueKind.Int
            : left.Type == ValueKind.Null ? NumericOr(right.Type, b.Operator) : right.Type == ValueKind.Null ? NumericOr(left.Type, b.Operator) : ValueKind.Decimal;
        return new ArithmeticNode(b.Operator, left, right, type);
    }

    private static ValueKind NumericOr(ValueKind other, BinaryOperator op)
        => other == ValueKind.Int && op != BinaryOperator.Divide ? ValueKind.Int : ValueKind.Decimal;

    private ExprNode? BindIn(BinarySyntax b)
    {
        var left = Bind(b.Left);
        var op = SyntaxFacts.Spelling(b.Operator);
        var negate = b.Operator == BinaryOperator.NotIn;
        if (b.Right is ListSyntax list)
        {
            var items = BindConstants(list, left?.Type);
            if (left is null || items is null)
            {
                return null;
            }
            var ok = true;
            foreach (var item in list.Items)
            {
                ok &= CheckChoice(b.Left, item);
            }
            return ok ? new InConstantsNode(left, items.Value, negate) : null;
        }
        var right = Bind(b.Right);
        if (left is null || right is null)
        {
            return null;
        }
        if (right.Type != ValueKind.List)
        {
            Error(ExpressionErrorCodes.ListType, $"right side of '{op}' must be a list but is {KindName(right.Type)}", b.Right,
                right.Type == ValueKind.String ? "to test for a substring use contains(text, part)" : "write a list as ['a', 'b']");
            return null;
        }
        if (left.Type is not (ValueKind.String or ValueKind.Null))
        {
            Error(ExpressionErrorCodes.ListType, $"left side of '{op}' a list field must be a string but is {KindName(left.Type)}", b.Left);
            return null;
        }
        return new InListNode(left, right, negate);
    }

    /// <summary>Binds list literal items, which must be non-null constants compatible with <paramref name="memberType"/>.</summary>
    private ImmutableArray<Value>? BindConstants(ListSyntax list, ValueKind? memberType)
    {
        var values = ImmutableArray.CreateBuilder<Value>(list.Items.Length);
        var ok = true;
        foreach (var item in list.Items)
        {
            var node = Bind(item);
            if (node is null)
            {
                ok = false;
                continue;
            }
            if (node is not ConstantNode { Value.IsNull: false } c)
            {
                Error(ExpressionErrorCodes.ListElement, "list elements must be literal values (strings, numbers or dates), not null or computed values", item);
                ok = false;
                continue;
            }
            var expected = memberType ?? values.FirstOrDefault().Kind;
            if (values.Count > 0 || memberType is not null)
            {
                if (!Compatible(expected, c.Value.Kind))
                {
                    Error(ExpressionErrorCodes.ListElement, $"list element is {KindName(c.Value.Kind)}, expected {KindName(expected)}", item);
                    ok = false;
                    continue;
                }
            }
            values.Add(c.Value);
        }
        return ok ? values.ToImmutable() : null;
    }

    /// <summary>A list literal used as a value (not after <c>in</c>): a constant list of strings.</summary>
    private ConstantNode? BindListValue(ListSyntax list)
    {
        var items = BindConstants(list, ValueKind.String);
        return items is null ? null : new ConstantNode(Value.FromList([.. items.Value.Select(v => v.AsString!)]), ValueKind.List);
    }
}
