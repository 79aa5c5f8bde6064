namespace OneStop.Definitions.Expressions;

/// <summary>The stable codes of <see cref="ExpressionError"/>; documented in docs/expressions.md.</summary>
public static class ExpressionErrorCodes
{
    /// <summary>The expression is longer than <see cref="ExpressionCompiler.MaxLength"/>.</summary>
    public const string TooLong = "OS3001";

    /// <summary>Nesting deeper than <see cref="ExpressionCompiler.MaxDepth"/>.</summary>
    public const string TooDeep = "OS3002";

    /// <summary>A character that cannot start a token.</summary>
    public const string UnexpectedCharacter = "OS3003";

    /// <summary>A string literal without its closing quote.</summary>
    public const string UnterminatedString = "OS3004";

    /// <summary>An unknown backslash escape in a string literal.</summary>
    public const string InvalidEscape = "OS3005";

    /// <summary>A number that is malformed or out of range.</summary>
    public const string InvalidNumber = "OS3006";

    /// <summary>A token where another was expected.</summary>
    public const string UnexpectedToken = "OS3007";

    /// <summary>The expression is empty.</summary>
    public const string Empty = "OS3008";

    /// <summary>A path that names no form field.</summary>
    public const string UnknownField = "OS3010";

    /// <summary>A call of an unknown function.</summary>
    public const string UnknownFunction = "OS3011";

    /// <summary>A function called with the wrong number of arguments.</summary>
    public const string ArgumentCount = "OS3012";

    /// <summary>A function argument of the wrong type.</summary>
    public const string ArgumentType = "OS3013";

    /// <summary><c>has('id')</c> names no material.</summary>
    public const string UnknownMaterial = "OS3014";

    /// <summary><c>has</c> or <c>date</c> called with something other than a string literal.</summary>
    public const string LiteralRequired = "OS3015";

    /// <summary>A date literal that is not a valid yyyy-MM-dd date.</summary>
    public const string InvalidDate = "OS3016";

    /// <summary>An arithmetic operator applied to operands of the wrong type.</summary>
    public const string ArithmeticType = "OS3020";

    /// <summary>A comparison between incompatible types.</summary>
    public const string ComparisonType = "OS3021";

    /// <summary>A logical operator applied to a non-boolean.</summary>
    public const string LogicalType = "OS3022";

    /// <summary><c>in</c> with a right-hand side that is not a list, or a left side that cannot be a member.</summary>
    public const string ListType = "OS3023";

    /// <summary>A choice field compared with a value that is not one of its options.</summary>
    public const string UnknownOption = "OS3024";

    /// <summary>The whole expression has the wrong type (a condition must be a boolean).</summary>
    public const string ResultType = "OS3025";

    /// <summary>A list literal element that is not a literal of a consistent type.</summary>
    public const string ListElement = "OS3026";
}
