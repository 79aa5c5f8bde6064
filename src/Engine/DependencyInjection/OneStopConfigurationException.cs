namespace OneStop;

/// <summary>The OneStop registration is invalid; <see cref="Errors"/> lists every problem found.</summary>
public sealed class OneStopConfigurationException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public OneStopConfigurationException(IReadOnlyList<string> errors, Exception? inner = null)
        : base("OneStop is not configured correctly:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", errors), inner)
        => Errors = errors;

    /// <summary>Every problem.</summary>
    public IReadOnlyList<string> Errors { get; }
}
