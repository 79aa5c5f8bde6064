namespace OneStop.Definitions;

/// <summary>A region of a source file. Lines and columns count from 1.</summary>
/// <param name="File">The file path as given to the loader (or a label such as <c>&lt;inline&gt;</c>).</param>
/// <param name="Line">1-based start line.</param>
/// <param name="Column">1-based start column.</param>
/// <param name="EndLine">1-based end line.</param>
/// <param name="EndColumn">1-based end column (exclusive).</param>
public sealed record SourceSpan(string File, int Line, int Column, int EndLine, int EndColumn)
{
    /// <summary>The file path as given to the loader (or a label such as <c>&lt;inline&gt;</c>).</summary>
    public string File { get; internal init; } = File;
    /// <summary>1-based start line.</summary>
    public int Line { get; internal init; } = Line;
    /// <summary>1-based start column.</summary>
    public int Column { get; internal init; } = Column;
    /// <summary>1-based end line.</summary>
    public int EndLine { get; internal init; } = EndLine;
    /// <summary>1-based end column (exclusive).</summary>
    public int EndColumn { get; internal init; } = EndColumn;

    /// <summary>Formats the start as <c>file:line:col</c>.</summary>
    public override string ToString() => $"{File}:{Line}:{Column}";
}
