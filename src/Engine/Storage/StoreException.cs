namespace OneStop.Engine;

/// <summary>A storage failure. The provider's exception is the inner exception.</summary>
public sealed class StoreException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public StoreException(string message, bool isTransient, Exception? inner = null) : base(message, inner) => IsTransient = isTransient;

    /// <summary>True when retrying may succeed (busy, locked, I/O hiccup).</summary>
    public bool IsTransient { get; }
}
