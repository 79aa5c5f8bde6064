namespace OneStop.Engine;

/// <summary>The lifecycle of an <see cref="Alert"/>.</summary>
public enum AlertStatus
{
    /// <summary>Raised by a rule; nobody has taken it up yet.</summary>
    Raised,
    /// <summary>签收: a supervisor or the department took it up.</summary>
    Acknowledged,
    /// <summary>办结: dealt with. Final.</summary>
    Resolved,
}
