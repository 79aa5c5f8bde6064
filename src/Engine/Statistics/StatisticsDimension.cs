namespace OneStop.Engine;

/// <summary>How a statistics report breaks its counts down.</summary>
public enum StatisticsDimension
{
    /// <summary>No breakdown.</summary>
    None,
    /// <summary>By item code (事项).</summary>
    Item,
    /// <summary>By responsible department.</summary>
    Department,
    /// <summary>By item kind (即办件, 承诺件, 联办件, 上报件).</summary>
    Kind,
    /// <summary>By result: Approved, Denied, DeemedApproved, Rejected, Withdrawn, Terminated.</summary>
    Outcome,
    /// <summary>By calendar month of finishing (yyyy-MM, in <see cref="StatisticsQuery.UtcOffset"/>).</summary>
    Month,
}
