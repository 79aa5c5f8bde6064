using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>The outcome of loading: a value when there were no errors, and every diagnostic either way.</summary>
/// <typeparam name="T">What was loaded.</typeparam>
public sealed class LoadResult<T> where T : class
{
    /// <summary>Creates a result.</summary>
    public LoadResult(T? value, ImmutableArray<Diagnostic> diagnostics)
    {
        Diagnostics = diagnostics;
        Value = HasErrors(diagnostics) ? null : value;
    }

    /// <summary>The loaded value, or null when any diagnostic is an error.</summary>
    public T? Value { get; }

    /// <summary>All diagnostics in file order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    /// <summary>True when the value is present.</summary>
    public bool Success => Value is not null;

    /// <summary>Returns the value or throws <see cref="DefinitionException"/> with every diagnostic.</summary>
    /// <exception cref="DefinitionException">Loading found errors.</exception>
    public T GetValueOrThrow() => Value ?? throw new DefinitionException(Diagnostics);

    private static bool HasErrors(ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            if (d.Severity == DiagnosticSeverity.Error) return true;
        }
        return false;
    }
}
