namespace OneStop.Definitions;

/// <summary>One problem found while loading definitions or compiling an expression.</summary>
/// <param name="Code">Stable code, e.g. <c>OS1001</c>; listed in docs/definitions.md.</param>
/// <param name="Severity">Error or warning.</param>
/// <param name="Message">What is wrong and what was expected.</param>
/// <param name="Span">Where; null when the position is genuinely unknown (never a fake 1:1).</param>
/// <param name="Hint">An optional suggestion such as "did you mean 'department'?".</param>
public sealed record Diagnostic(string Code, DiagnosticSeverity Severity, string Message, SourceSpan? Span, string? Hint = null)
{
    /// <summary>Stable code, e.g. <c>OS1001</c>; listed in docs/definitions.md.</summary>
    public string Code { get; internal init; } = Code;
    /// <summary>Error or warning.</summary>
    public DiagnosticSeverity Severity { get; internal init; } = Severity;
    /// <summary>What is wrong and what was expected.</summary>
    public string Message { get; internal init; } = Message;
    /// <summary>Where; null when the position is genuinely unknown (never a fake 1:1).</summary>
    public SourceSpan? Span { get; internal init; } = Span;
    /// <summary>An optional suggestion such as "did you mean 'department'?".</summary>
    public string? Hint { get; internal init; } = Hint;

    /// <summary>Formats as <c>file:line:col: error OS1001: message (hint)</c>.</summary>
    public override string ToString()
    {
        var where = Span is null ? "" : Span + ": ";
        var sev = Severity == DiagnosticSeverity.Error ? "error" : "warning";
        var hint = Hint is null ? "" : " (" + Hint + ")";
        return $"{where}{sev} {Code}: {Message}{hint}";
    }
}
