namespace OneStop;

/// <summary>Root of every exception OneStop throws on purpose.</summary>
public abstract class OneStopException : Exception
{
    /// <summary>Creates the exception.</summary>
    protected OneStopException(string message, Exception? inner = null) : base(message, inner) { }
}
