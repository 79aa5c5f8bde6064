using OneStop.Definitions.Expressions;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Loading;

/// <summary>Compiles an expression written in a YAML scalar and maps each <see cref="ExpressionError"/>
/// offset back to a file position.</summary>
internal static class ExpressionBinder
{
    public static CompiledExpression? Compile(YNode node, ExpressionSchema schema, string what, string[] lines, DiagnosticBag d)
    {
        if (node is not YScalar scalar || scalar.IsNull)
        {
            d.Error(DiagnosticCodes.WrongType, $"{what} must be a condition written as text, e.g. stage == 'formal', found {node.Describe()}", node.Span);
            return null;
        }
        var result = ExpressionCompiler.Compile(scalar.Value, schema, ValueKind.Bool);
        foreach (var e in result.Errors)
        {
            d.Error(e.Code, $"{e.Message} in {what} '{YScalar.Shorten(scalar.Value)}'", SpanAt(scalar, e.Offset, Math.Max(1, e.Length), lines), e.Hint);
        }
        return result.Errors.IsEmpty ? result.Expression : null;
    }

    /// <summary>The file position of character <paramref name="offset"/> of the scalar's value. Exact for plain,
    /// quoted (without escapes before the offset) and literal block scalars; other multi-line scalars point at their start.</summary>
    internal static SourceSpan SpanAt(YScalar scalar, int offset, int length, string[] lines)
    {
        var s = scalar.Span;
        offset = Math.Clamp(offset, 0, scalar.Value.Length);
        switch (scalar.Style)
        {
            case YScalarStyle.Plain when s.Line == s.EndLine:
                return new SourceSpan(s.File, s.Line, s.Column + offset, s.Line, s.Column + offset + length);
            case YScalarStyle.SingleQuoted or YScalarStyle.DoubleQuoted when s.Line == s.EndLine:
                return new SourceSpan(s.File, s.Line, s.Column + 1 + offset, s.Line, s.Column + 1 + offset + length);
            case YScalarStyle.Literal:
            {
                var before = scalar.Value.AsSpan(0, offset);
                var lineInValue = before.Count('\n');
                var col = offset - (before.LastIndexOf('\n') + 1);
                var line = s.Line + 1 + lineInValue;
                var indent = line - 1 < lines.Length ? lines[line - 1].Length - lines[line - 1].TrimStart(' ').Length : 0;
                return new SourceSpan(s.File, line, indent + 1 + col, line, indent + 1 + col + length);
            }
            default:
                // A plain or quoted scalar folded over several lines: point at its start rather than guess.
                return s;
        }
    }
}
