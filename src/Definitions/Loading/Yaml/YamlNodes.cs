namespace OneStop.Definitions.Loading.Yaml;

/// <summary>A node of the parsed YAML tree, with its position. Our own type so YamlDotNet never leaks.</summary>
internal abstract class YNode
{
    protected YNode(SourceSpan span) => Span = span;

    public SourceSpan Span { get; }

    /// <summary>A short description used in "expected X, found Y" messages.</summary>
    public abstract string Describe();
}

/// <summary>A scalar: text plus whether it was quoted or a block scalar (quoted text is never a number or bool).</summary>
internal sealed class YScalar : YNode
{
    public YScalar(SourceSpan span, string value, YScalarStyle style) : base(span)
    {
        Value = value;
        Style = style;
    }

    public string Value { get; }

    public YScalarStyle Style { get; }

    public bool IsPlain => Style == YScalarStyle.Plain;

    /// <summary>True for a plain <c>~</c>, <c>null</c> or empty scalar.</summary>
    public bool IsNull => IsPlain && (Value.Length == 0 || Value is "~" or "null" or "Null" or "NULL");

    public override string Describe() => IsNull ? "null" : "'" + Shorten(Value) + "'";

    internal static string Shorten(string s)
    {
        var firstLine = s.Split('\n')[0];
        return firstLine.Length > 40 ? firstLine[..40] + "…" : firstLine;
    }
}

/// <summary>How a scalar was written.</summary>
internal enum YScalarStyle { Plain, SingleQuoted, DoubleQuoted, Literal, Folded }

/// <summary>A sequence.</summary>
internal sealed class YSequence : YNode
{
    public YSequence(SourceSpan span, List<YNode> items) : base(span) => Items = items;

    public List<YNode> Items { get; }

    public override string Describe() => "a list";
}

/// <summary>A mapping; entries keep document order and duplicates (reported by the reader).</summary>
internal sealed class YMapping : YNode
{
    public YMapping(SourceSpan span, List<YEntry> entries) : base(span) => Entries = entries;

    public List<YEntry> Entries { get; }

    public override string Describe() => "a mapping";
}

/// <summary>One key: value pair. Keys that are not scalars are reported and skipped by the parser.</summary>
internal sealed record YEntry(YScalar Key, YNode Value);
