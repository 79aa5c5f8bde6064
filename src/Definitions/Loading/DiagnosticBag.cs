using System.Collections.Immutable;

namespace OneStop.Definitions.Loading;

/// <summary>Collects diagnostics while loading; never stops at the first.</summary>
internal sealed class DiagnosticBag
{
    private readonly List<Diagnostic> _items = [];

    public int ErrorCount { get; private set; }

    public IReadOnlyList<Diagnostic> Items => _items;

    public void Error(string code, string message, SourceSpan? span, string? hint = null)
    {
        _items.Add(new Diagnostic(code, DiagnosticSeverity.Error, message, span, hint));
        ErrorCount++;
    }

    public void Warning(string code, string message, SourceSpan? span, string? hint = null)
        => _items.Add(new Diagnostic(code, DiagnosticSeverity.Warning, message, span, hint));

    public void AddRange(IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            _items.Add(d);
            if (d.Severity == DiagnosticSeverity.Error) ErrorCount++;
        }
    }

    /// <summary>Diagnostics in file order (file, line, column), stable for equal positions.</summary>
    public ImmutableArray<Diagnostic> ToSortedArray()
        => [.. _items
            .Select((d, i) => (d, i))
            .OrderBy(p => p.d.Span?.File ?? "", StringComparer.Ordinal)
            .ThenBy(p => p.d.Span?.Line ?? 0)
            .ThenBy(p => p.d.Span?.Column ?? 0)
            .ThenBy(p => p.i)
            .Select(p => p.d)];
}
