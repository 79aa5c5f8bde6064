using System.Globalization;
using System.Text;

namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>Turns expression text into tokens, reporting every lexical error.</summary>
internal static class Lexer
{
    public static List<Token> Tokenize(string text, List<ExpressionError> errors)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }
            var start = i;
            if (IsIdentifierStart(c))
            {
                while (i < text.Length && IsIdentifierPart(text[i]))
                {
                    i++;
                }
                var word = text[start..i];
                tokens.Add(new Token(KeywordKind(word), start, i - start, word));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                tokens.Add(ReadNumber(text, ref i, errors));
                continue;
            }
            if (c is '\'' or '"')
            {
                tokens.Add(ReadString(text, ref i, errors));
                continue;
            }
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            (TokenKind kind, int length) = (c, next) switch
            {
                ('=', '=') => (TokenKind.Equal, 2),
                ('!', '=') => (TokenKind.NotEqual, 2),
                ('<', '=') => (TokenKind.LessOrEqual, 2),
                ('>', '=') => (TokenKind.GreaterOrEqual, 2),
                ('&', '&') => (TokenKind.And, 2),
                ('|', '|') => (TokenKind.Or, 2),
                ('<', _) => (TokenKind.Less, 1),
                ('>', _) => (TokenKind.Greater, 1),
                ('!', _) => (TokenKind.Not, 1),
                ('(', _) => (TokenKind.LeftParen, 1),
                (')', _) => (TokenKind.RightParen, 1),
                ('[', _) => (TokenKind.LeftBracket, 1),
                (']', _) => (TokenKind.RightBracket, 1),
                (',', _) => (TokenKind.Comma, 1),
                ('.', _) => (TokenKind.Dot, 1),
                ('+', _) => (TokenKind.Plus, 1),
                ('-', _) => (TokenKind.Minus, 1),
                ('*', _) => (TokenKind.Star, 1),
                ('/', _) => (TokenKind.Slash, 1),
                ('%', _) => (TokenKind.Percent, 1),
                _ => (TokenKind.Error, 1),
            };
            if (kind == TokenKind.Error)
            {
                var width = char.IsHighSurrogate(c) && i + 1 < text.Length ? 2 : 1;
                var hint = c == '=' ? "use '==' to compare" : c == '&' ? "use 'and' (or '&&')" : c == '|' ? "use 'or' (or '||')" : null;
                errors.Add(new ExpressionError(ExpressionErrorCodes.UnexpectedCharacter, $"unexpected character '{text.Substring(i, width)}'", i, width, hint));
                // Kept as an error token so the parser stops here instead of misreading what follows.
                tokens.Add(new Token(TokenKind.Error, i, width));
                i += width;
                continue;
            }
            tokens.Add(new Token(kind, start, length));
            i += length;
        }
        tokens.Add(new Token(TokenKind.End, text.Length, 0));
        return tokens;
    }

    internal static bool IsIdentifierStart(char c) => c == '_' || char.IsLetter(c);

    internal static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

    internal static TokenKind KeywordKind(string word) => word switch
    {
        "true" => TokenKind.True,
        "false" => TokenKind.False,
        "null" => TokenKind.Null,
        "and" => TokenKind.And,
        "or" => TokenKind.Or,
        "not" => TokenKind.Not,
        "in" => TokenKind.In,
        _ => TokenKind.Identifier,
    };

    private static Token ReadNumber(string text, ref int i, List<ExpressionError> errors)
    {
        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }
        var isDecimal = false;
        if (i + 1 < text.Length && text[i] == '.' && char.IsAsciiDigit(text[i + 1]))
        {
            isDecimal = true;
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        // A number running straight into a letter (12abc) is one bad token, not two good ones.
        var bad = false;
        while (i < text.Length && IsIdentifierPart(text[i]))
        {
            bad = true;
            i++;
        }
        var raw = text[start..i];
        if (!bad)
        {
            if (!isDecimal && long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var l))
            {
                return new Token(TokenKind.Integer, start, i - start, raw, l);
            }
            if (isDecimal && decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var d))
            {
                return new Token(TokenKind.Decimal, start, i - start, raw, d);
            }
        }
        var message = bad ? $"invalid number '{raw}'" : $"number '{raw}' is out of range";
        errors.Add(new ExpressionError(ExpressionErrorCodes.InvalidNumber, message, start, i - start,
            bad ? "identifiers cannot start with a digit" : "integers are 64-bit; write a decimal point for larger amounts"));
        return new Token(TokenKind.Error, start, i - start, raw);
    }

    private static Token ReadString(string text, ref int i, List<ExpressionError> errors)
    {
        var start = i;
        var quote = text[i++];
        var sb = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            var c = text[i];
            if (c != '\\')
            {
                sb.Append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.Length)
            {
                break;
            }
            var e = text[i + 1];
            char? decoded = e switch
            {
                '\\' => '\\',
                '\'' => '\'',
                '"' => '"',
                'n' => '\n',
                't' => '\t',
                'r' => '\r',
                _ => null,
            };
            if (decoded is { } d)
            {
                sb.Append(d);
                i += 2;
            }
            else if (e == 'u' && i + 6 <= text.Length
                && ushort.TryParse(text.AsSpan(i + 2, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
            {
                sb.Append((char)code);
                i += 6;
            }
            else
            {
                errors.Add(new ExpressionError(ExpressionErrorCodes.InvalidEscape, $"invalid escape sequence '\\{e}'", i, 2,
                    "valid escapes are \\\\ \\' \\\" \\n \\t \\r \\uXXXX"));
                i += 2;
            }
        }
        if (i >= text.Length)
        {
            errors.Add(new ExpressionError(ExpressionErrorCodes.UnterminatedString, "unterminated string literal", start, text.Length - start,
                $"close the string with {quote}"));
            return new Token(TokenKind.Error, start, text.Length - start);
        }
        i++;
        return new Token(TokenKind.String, start, i - start, sb.ToString());
    }
}
