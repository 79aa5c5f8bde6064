namespace OneStop.Definitions;

/// <summary>The unit a time limit is counted in.</summary>
public enum TimeUnit
{
    /// <summary>Working days (工作日): ends at the close of office hours on the last working day.</summary>
    Workdays,

    /// <summary>Natural days (自然日): a last day that is a day off moves to the next working day.</summary>
    Days,

    /// <summary>Hours inside office hours on working days.</summary>
    Workhours,

    /// <summary>Elapsed hours.</summary>
    Hours,
}
