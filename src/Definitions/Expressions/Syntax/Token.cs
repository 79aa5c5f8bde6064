namespace OneStop.Definitions.Expressions.Syntax;

/// <summary>One token: its kind, position and, for literals and identifiers, its decoded value.</summary>
internal readonly record struct Token(TokenKind Kind, int Offset, int Length, string? Text = null, decimal Number = 0);
