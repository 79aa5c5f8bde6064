namespace OneStop.Definitions.Expressions;

/// <summary>A problem in one expression, positioned inside the expression text.</summary>
/// <param name="Code">Stable diagnostic code (OS3xxx).</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="Offset">0-based character offset in the expression text.</param>
/// <param name="Length">Length of the offending text (at least 1 unless the text is empty).</param>
/// <param name="Hint">Optional suggestion.</param>
public sealed record ExpressionError(string Code, string Message, int Offset, int Length, string? Hint = null);
