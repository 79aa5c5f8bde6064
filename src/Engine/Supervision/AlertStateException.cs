namespace OneStop.Engine;

/// <summary>An alert cannot make the requested change in its current status (a resolved alert is final).</summary>
public sealed class AlertStateException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public AlertStateException(string alertId, AlertStatus status, string change)
        : base($"Alert '{alertId}' is {status}; it cannot be {change}.")
    {
        AlertId = alertId;
        Status = status;
    }

    /// <summary>The alert.</summary>
    public string AlertId { get; }

    /// <summary>Its current status.</summary>
    public AlertStatus Status { get; }
}
