using System.Collections.Immutable;
using OneStop.Definitions.Expressions.Binding;
using OneStop.Definitions.Expressions.Syntax;

namespace OneStop.Definitions.Expressions;

/// <summary>Parses, type-checks and compiles expressions of the OneStop expression language (see docs/expressions.md).</summary>
public static class ExpressionCompiler
{
    /// <summary>Maximum expression length in characters.</summary>
    public const int MaxLength = 2000;

    /// <summary>Maximum nesting depth.</summary>
    public const int MaxDepth = 32;

    /// <summary>Compiles <paramref name="text"/> against <paramref name="schema"/>.</summary>
    /// <param name="text">The expression.</param>
    /// <param name="schema">The names it may use.</param>
    /// <param name="expected">The required result type (Bool for conditions), or null for any.</param>
    /// <returns>The compiled expression, or every error found.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> or <paramref name="schema"/> is null.</exception>
    public static ExpressionCompileResult Compile(string text, ExpressionSchema schema, ValueKind? expected = ValueKind.Bool)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(schema);
        var errors = new List<ExpressionError>();
        if (text.Length > MaxLength)
        {
            errors.Add(new ExpressionError(ExpressionErrorCodes.TooLong, $"expression is {text.Length} characters long; the maximum is {MaxLength}",
                MaxLength, text.Length - MaxLength, "split it, or move the logic into a service step"));
            return Failed(errors);
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add(new ExpressionError(ExpressionErrorCodes.Empty, "expression is empty", 0, text.Length, "write a condition such as area > 200"));
            return Failed(errors);
        }
        var syntax = ParseSyntax(text, errors);
        if (syntax is null || errors.Count > 0)
        {
            return Failed(errors);
        }
        var root = new Binder(schema, errors).Bind(syntax);
        if (root is null || errors.Count > 0)
        {
            return Failed(errors);
        }
        if (expected is { } kind && !Fits(root.Type, kind))
        {
            var what = kind == ValueKind.Bool ? "a condition must be a boolean" : $"expected {Binder.KindName(kind)}";
            var hint = (kind, root.Type) switch
            {
                (ValueKind.Bool, ValueKind.Int or ValueKind.Decimal) => "compare it, e.g. area > 200",
                (ValueKind.Bool, ValueKind.String) => "compare it, e.g. stage == 'formal'",
                _ => null,
            };
            errors.Add(new ExpressionError(ExpressionErrorCodes.ResultType, $"{what} but this expression is {Binder.KindName(root.Type)}",
                syntax.Offset, syntax.Length, hint));
            return Failed(errors);
        }
        return new ExpressionCompileResult(new CompiledExpression(text, root.Type, root), []);
    }

    /// <summary>Lexes and parses; null with errors when the text is not a well-formed expression.</summary>
    internal static SyntaxNode? ParseSyntax(string text, List<ExpressionError> errors)
    {
        var tokens = Lexer.Tokenize(text, errors);
        return Parser.Parse(tokens, errors);
    }

    private static bool Fits(ValueKind actual, ValueKind expected)
        => actual == expected || (expected == ValueKind.Decimal && actual == ValueKind.Int);

    private static ExpressionCompileResult Failed(List<ExpressionError> errors) => new(null, [.. errors]);
}
