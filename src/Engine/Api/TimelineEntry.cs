namespace OneStop.Engine;

/// <summary>One event of a case's log, described for people.</summary>
/// <param name="Sequence">Position in the log, from 1.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who.</param>
/// <param name="Type">Stable event type name.</param>
/// <param name="Summary">What happened (Chinese, for timelines).</param>
public sealed record TimelineEntry(long Sequence, DateTimeOffset At, string Actor, string Type, string Summary);
