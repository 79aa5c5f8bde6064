using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>
/// Recursive-descent parser. Stops at the first syntax error (reported with position and what was
/// expected); nesting is bounded by <see cref="ExpressionCompiler.MaxDepth"/> so no input can exhaust the stack.
/// </summary>
internal sealed partial class Parser
{
    private readonly List<Token> _tokens;
    private readonly List<ExpressionError> _errors;
    private int _position;
    private int _depth;

    private Parser(List<Token> tokens, List<ExpressionError> errors)
    {
        _tokens = tokens;
        _errors = errors;
    }

    /// <summary>Parses the tokens; returns null (with an error added) on a syntax error.</summary>
    public static SyntaxNode? Parse(List<Token> tokens, List<ExpressionError> errors)
    {
        var parser = new Parser(tokens, errors);
        try
        {
            var node = parser.ParseOr();
            if (parser.Current.Kind != TokenKind.End)
            {
                parser.Fail($"unexpected {Describe(parser.Current)} after the end of the expression", "join conditions with 'and' or 'or'");
            }
            return node;
        }
        catch (SyntaxErrorException)
        {
            return null;
        }
    }

    private Token Current => _tokens[_position];

    private Token Advance() => _tokens[_position++];

    private SyntaxNode ParseOr()
    {
        var left = ParseAnd();
        while (Current.Kind == TokenKind.Or)
        {
            var op = Advance();
            left = new BinarySyntax(BinaryOperator.Or, left, ParseAnd(), op.Offset, op.Length);
        }
        return left;
    }

    private SyntaxNode ParseAnd()
    {
        var left = ParseNot();
        while (Current.Kind == TokenKind.And)
        {
            var op = Advance();
            left = new BinarySyntax(BinaryOperator.And, left, ParseNot(), op.Offset, op.Length);
        }
        return left;
    }

    private SyntaxNode ParseNot()
    {
        if (Current.Kind != TokenKind.Not)
        {
            return ParseComparison();
        }
        var op = Advance();
        Enter(op);
        var operand = ParseNot();
        _depth--;
        return new UnarySyntax(UnaryOperator.Not, operand, op.Offset);
    }

    private SyntaxNode ParseComparison()
    {
        var left = ParseAdditive();
        while (true)
        {
            var token = Current;
            BinaryOperator op;
            var length = token.Length;
            switch (token.Kind)
            {
                case TokenKind.Equal: op = BinaryOperator.Equal; break;
                case TokenKind.NotEqual: op = BinaryOperator.NotEqual; break;
                case TokenKind.Less: op = BinaryOperator.Less; break;
                case TokenKind.LessOrEqual: op = BinaryOperator.LessOrEqual; break;
                case TokenKind.Greater: op = BinaryOperator.Greater; break;
                case TokenKind.GreaterOrEqual: op = BinaryOperator.GreaterOrEqual; break;
                case TokenKind.In: op = BinaryOperator.In; break;
                case TokenKind.Not when _tokens[_position + 1].Kind == TokenKind.In:
                    op = BinaryOperator.NotIn;
                    _position++;
                    length = Current.Offset + Current.Length - token.Offset;
                    break;
                default:
                    return left;
            }
            _position++;
            left = new BinarySyntax(op, left, ParseAdditive(), token.Offset, length);
        }
    }

    private SyntaxNode ParseAdditive()
    {
        var left = ParseMultiplicative();
        while (Current.Kind is TokenKind.Plus or TokenKind.Minus)
        {
            var op = Advance();
            var kind = op.Kind == TokenKind.Plus ? BinaryOperator.Add : BinaryOperator.Subtract;
            left = new BinarySyntax(kind, left, ParseMultiplicative(), op.Offset, op.Length);
        }
        return left;
    }

    private SyntaxNode ParseMultiplicative()
    {
        var left = ParseUnary();
        while (Current.Kind is TokenKind.Star or TokenKind.Slash or TokenKind.Percent)
        {
            var op = Advance();
            var kind = op.Kind switch
            {
                TokenKind.Star => BinaryOperator.Multiply,
                TokenKind.Slash => BinaryOperator.Divide,
                _ => BinaryOperator.Modulo,
            };
            left = new BinarySyntax(kind, left, ParseUnary(), op.Offset, op.Length);
        }
        return left;
    }

    private SyntaxNode ParseUnary()
    {
        if (Current.Kind != TokenKind.Minus)
        {
            return ParsePrimary();
        }
        var op = Advance();
        Enter(op);
        var operand = ParseUnary();
        _depth--;
        return new UnarySyntax(UnaryOperator.Negate, operand, op.Offset);
    }

    private SyntaxNode ParsePrimary()
    {
        var token = Current;
        switch (token.Kind)
        {
            case TokenKind.Integer:
                _position++;
                return new LiteralSyntax(Value.FromInt((long)token.Number), token.Offset, token.Length);
            case TokenKind.Decimal:
                _position++;
                return new LiteralSyntax(Value.FromDecimal(token.Number), token.Offset, token.Length);
            case TokenKind.String:
                _position++;
                return new LiteralSyntax(Value.FromString(token.Text), token.Offset, token.Length);
            case TokenKind.True:
            case TokenKind.False:
                _position++;
                return new LiteralSyntax(Value.FromBool(token.Kind == TokenKind.True), token.Offset, token.Length);
            case TokenKind.Null:
                _position++;
                return new LiteralSyntax(Value.Null, token.Offset, token.Length);
            case TokenKind.LeftParen:
            {
                _position++;
                Enter(token);
                var inner = ParseOr();
                Expect(TokenKind.RightParen, "')'", token);
                _depth--;
                return inner;
            }
            case TokenKind.LeftBracket:
            {
                _position++;
                Enter(token);
                var items = ParseList(TokenKind.RightBracket, "']'", token);
                _depth--;
                return new ListSyntax(items, token.Offset, _tokens[_position - 1].Offset + 1 - token.Offset);
            }
            case TokenKind.Identifier:
                return ParseNameOrCall();
            default:
                Fail($"expected a value, a field or a function call but found {Describe(token)}", null);
                return null!;
        }
    }

    private SyntaxNode ParseNameOrCall()
    {
        var first = Advance();
        if (Current.Kind == TokenKind.LeftParen)
        {
            var open = Advance();
            Enter(open);
            var args = ParseList(TokenKind.RightParen, "')'", open);
            _depth--;
            return new CallSyntax(first.Text!, args, first.Offset, _tokens[_position - 1].Offset + 1 - first.Offset);
        }
        var end = first.Offset + first.Length;
        var path = first.Text!;
        while (Current.Kind == TokenKind.Dot)
        {
            _position++;
            if (Current.Kind != TokenKind.Identifier)
            {
                Fail($"expected a field name after '.' but found {Describe(Current)}", null);
            }
            var part = Advance();
            end = part.Offset + part.Length;
            // The path is looked up without any spaces written around the dots.
            path = path + "." + part.Text;
        }
        return new PathSyntax(path, first.Offset, end - first.Offset);
    }

    private ImmutableArray<SyntaxNode> ParseList(TokenKind close, string closeText, Token open)
    {
        var items = ImmutableArray.CreateBuilder<SyntaxNode>();
        if (Current.Kind == close)
        {
            _position++;
            return items.ToImmutable();
        }
        while (true)
        {
            items.Add(ParseOr());
            if (Current.Kind == TokenKind.Comma)
            {
                _position++;
                continue;
            }
            Expect(close, $"',' or {closeText}", open);
            return items.ToImmutable();
        }
    }

    private void Expect(TokenKind kind, string what, Token open)
    {
        if (Current.Kind != kind)
        {
            Fail($"expected {what} but found {Describe(Current)}", $"to match '{(open.Kind == TokenKind.LeftBracket ? "[" : "(")}' at offset {open.Offset}");
        }
        _position++;
    }

    private void Enter(Token token)
    {
        if (++_depth > ExpressionCompiler.MaxDepth)
        {
            _errors.Add(new ExpressionError(ExpressionErrorCodes.TooDeep,
                $"expression nested deeper than {ExpressionCompiler.MaxDepth} levels", token.Offset, Math.Max(token.Length, 1),
                "split the condition or remove redundant parentheses"));
            throw new SyntaxErrorException();
        }
    }

    private void Fail(string message, string? hint)
    {
        var token = Current;
        // Lexical errors were already reported; do not add a second error for the same token.
        if (token.Kind != TokenKind.Error)
        {
            _errors.Add(new ExpressionError(ExpressionErrorCodes.UnexpectedToken, message, token.Offset, token.Length, hint));
        }
        throw new SyntaxErrorException();
    }

    /// <summary>Unwinds the parser after the first syntax error; never escapes <see cref="Parse"/>.</summary>
    private sealed class SyntaxErrorException : Exception;
}
