namespace OneStop.Engine;

/// <summary>Whether a clock is counting.</summary>
public enum ClockStatus
{
    /// <summary>Counting.</summary>
    Running,
    /// <summary>Paused by a special procedure (Art.45); working time lost is added back on resumption.</summary>
    Paused,
    /// <summary>Stopped: what it measured happened (or the case closed).</summary>
    Stopped,
}
