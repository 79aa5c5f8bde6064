namespace OneStop.Engine;

/// <summary>No alert has the given id.</summary>
public sealed class AlertNotFoundException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public AlertNotFoundException(string alertId) : base($"No alert with id '{alertId}'.") => AlertId = alertId;

    /// <summary>The id looked for.</summary>
    public string AlertId { get; }
}
