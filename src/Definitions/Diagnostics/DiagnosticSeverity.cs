namespace OneStop.Definitions;

/// <summary>How serious a diagnostic is. Any <see cref="Error"/> makes a catalogue load nothing.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth reading; does not stop loading.</summary>
    Warning,

    /// <summary>The definition is wrong; nothing loads.</summary>
    Error,
}
