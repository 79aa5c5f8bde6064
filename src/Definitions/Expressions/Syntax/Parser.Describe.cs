namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>How tokens are named in syntax error messages.</summary>
internal sealed partial class Parser
{
    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the expression",
        TokenKind.Identifier => $"'{token.Text}'",
        TokenKind.String => "a string",
        TokenKind.Integer or TokenKind.Decimal => $"number {token.Text}",
        TokenKind.Error => "an invalid token",
        _ => $"'{Spell(token.Kind)}'",
    };

    private static string Spell(TokenKind kind) => kind switch
    {
        TokenKind.True => "true",
        TokenKind.False => "false",
        TokenKind.Null => "null",
        TokenKind.And => "and",
        TokenKind.Or => "or",
        TokenKind.Not => "not",
        TokenKind.In => "in",
        TokenKind.LeftParen => "(",
        TokenKind.RightParen => ")",
        TokenKind.LeftBracket => "[",
        TokenKind.RightBracket => "]",
        TokenKind.Comma => ",",
        TokenKind.Dot => ".",
        TokenKind.Plus => "+",
        TokenKind.Minus => "-",
        TokenKind.Star => "*",
        TokenKind.Slash => "/",
        TokenKind.Percent => "%",
        TokenKind.Equal => "==",
        TokenKind.NotEqual => "!=",
        TokenKind.Less => "<",
        TokenKind.LessOrEqual => "<=",
        TokenKind.Greater => ">",
        _ => ">=",
    };
}
