using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>Thrown by <c>GetValueOrThrow()</c> when definitions failed to load; carries every diagnostic.</summary>
public sealed class DefinitionException : OneStopException
{
    /// <summary>Creates the exception from the diagnostics that caused it.</summary>
    public DefinitionException(ImmutableArray<Diagnostic> diagnostics)
        : base(BuildMessage(diagnostics)) => Diagnostics = diagnostics;

    /// <summary>Every diagnostic, errors and warnings, in file order.</summary>
    public ImmutableArray<Diagnostic> Diagnostics { get; }

    private static string BuildMessage(ImmutableArray<Diagnostic> diagnostics)
    {
        var errors = diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        return $"{errors.Count} definition error(s):" + Environment.NewLine + string.Join(Environment.NewLine, errors);
    }
}
