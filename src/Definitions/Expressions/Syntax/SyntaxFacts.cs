namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>Precedence and spelling of operators, shared by the parser and the printer.</summary>
internal static class SyntaxFacts
{
    // Precedence from loosest to tightest. Prefix 'not' sits between 'and' and comparisons,
    // so 'not a == b' means 'not (a == b)'; unary minus binds tighter than '*'.
    public const int OrPrecedence = 1;
    public const int AndPrecedence = 2;
    public const int NotPrecedence = 3;
    public const int ComparisonPrecedence = 4;
    public const int AdditivePrecedence = 5;
    public const int MultiplicativePrecedence = 6;
    public const int NegatePrecedence = 7;
    public const int PrimaryPrecedence = 8;

    public static int Precedence(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => OrPrecedence,
        BinaryOperator.And => AndPrecedence,
        BinaryOperator.Add or BinaryOperator.Subtract => AdditivePrecedence,
        BinaryOperator.Multiply or BinaryOperator.Divide or BinaryOperator.Modulo => MultiplicativePrecedence,
        _ => ComparisonPrecedence,
    };

    public static string Spelling(BinaryOperator op) => op switch
    {
        BinaryOperator.Or => "or",
        BinaryOperator.And => "and",
        BinaryOperator.Equal => "==",
        BinaryOperator.NotEqual => "!=",
        BinaryOperator.Less => "<",
        BinaryOperator.LessOrEqual => "<=",
        BinaryOperator.Greater => ">",
        BinaryOperator.GreaterOrEqual => ">=",
        BinaryOperator.In => "in",
        BinaryOperator.NotIn => "not in",
        BinaryOperator.Add => "+",
        BinaryOperator.Subtract => "-",
        BinaryOperator.Multiply => "*",
        BinaryOperator.Divide => "/",
        _ => "%",
    };

    public static bool IsComparison(BinaryOperator op) => Precedence(op) == ComparisonPrecedence;

    public static bool IsOrdering(BinaryOperator op)
        => op is BinaryOperator.Less or BinaryOperator.LessOrEqual or BinaryOperator.Greater or BinaryOperator.GreaterOrEqual;
}
