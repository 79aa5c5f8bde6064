using OneStop.Definitions;

namespace OneStop.Engine;

/// <summary>Supervision statistics for a period.</summary>
/// <param name="Query">What was asked.</param>
/// <param name="At">When the report was made (the overdue list is as of this instant).</param>
/// <param name="Total">Counts over all finished cases of the period.</param>
/// <param name="Duration">Working time from acceptance to decision.</param>
/// <param name="Groups">The breakdown by <see cref="StatisticsQuery.By"/>, largest first; empty for none.</param>
/// <param name="Overdue">The most overdue open cases, most overdue first.</param>
/// <param name="OverdueTotal">All overdue open cases.</param>
/// <param name="OpenAlerts">Open (raised or acknowledged) alerts by level, or null when the store keeps no alerts.</param>
/// <param name="Satisfaction">Evaluations.</param>
public sealed record StatisticsReport(
    StatisticsQuery Query,
    DateTimeOffset At,
    StatisticsGroup Total,
    DurationSummary Duration,
    IReadOnlyList<StatisticsGroup> Groups,
    IReadOnlyList<OverdueCase> Overdue,
    long OverdueTotal,
    IReadOnlyDictionary<AlertLevel, long>? OpenAlerts,
    SatisfactionSummary Satisfaction);
