namespace OneStop.Engine;

/// <summary>Working time from acceptance to decision over the decided cases, in working minutes and working days.</summary>
/// <param name="Count">Cases measured.</param>
/// <param name="MeanMinutes">Mean, or null when none.</param>
/// <param name="MedianMinutes">Median (lower middle value), or null.</param>
/// <param name="P90Minutes">90th percentile (nearest rank), or null.</param>
/// <param name="MinutesPerWorkday">Working minutes per working day, for the day figures.</param>
public sealed record DurationSummary(long Count, double? MeanMinutes, long? MedianMinutes, long? P90Minutes, int MinutesPerWorkday)
{
    /// <summary>Mean in working days.</summary>
    public double? MeanDays => MeanMinutes / MinutesPerWorkday;
    /// <summary>Median in working days.</summary>
    public double? MedianDays => MedianMinutes / (double)MinutesPerWorkday;
    /// <summary>90th percentile in working days.</summary>
    public double? P90Days => P90Minutes / (double)MinutesPerWorkday;
}
