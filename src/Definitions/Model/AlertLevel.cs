namespace OneStop.Definitions;

/// <summary>Severity of a warning or supervision alert.</summary>
public enum AlertLevel
{
    /// <summary>提醒.</summary>
    Reminder,
    /// <summary>黄牌.</summary>
    Yellow,
    /// <summary>红牌.</summary>
    Red,
}
