namespace OneStop.Engine;

/// <summary>What a statistics report covers. Counts, rates and durations take the cases finished (办结: decided, or
/// closed without a decision) in [<see cref="From"/>, <see cref="To"/>); satisfaction takes the evaluations given in
/// that period; the overdue list is always the current one.</summary>
public sealed record StatisticsQuery
{
    /// <summary>Start of the period (inclusive); null for the beginning.</summary>
    public DateTimeOffset? From { get; init; }
    /// <summary>End of the period (exclusive); null for no end.</summary>
    public DateTimeOffset? To { get; init; }
    /// <summary>Only this item; null for all.</summary>
    public string? ItemCode { get; init; }
    /// <summary>Only this department; null for all.</summary>
    public string? Department { get; init; }
    /// <summary>Breakdown of the counts; default none.</summary>
    public StatisticsDimension By { get; init; }
    /// <summary>Most overdue cases listed (the total is always counted); default 100.</summary>
    public int OverdueLimit { get; init; } = 100;
    /// <summary>Offset of local time from UTC for month boundaries; default +08:00 (China Standard Time).</summary>
    public TimeSpan UtcOffset { get; init; } = TimeSpan.FromHours(8);
    /// <summary>Working minutes in a working day, to express durations in days; the engine sets it from its calendar. Default 480.</summary>
    public int MinutesPerWorkday { get; init; } = 480;

    /// <summary>Checks the query; throws on the first problem.</summary>
    /// <exception cref="ArgumentException">The period is empty or reversed, or a limit is out of range.</exception>
    public void Validate()
    {
        if (From is { } f && To is { } t && t <= f) throw new ArgumentException($"The period is empty: 'to' ({t:O}) is not after 'from' ({f:O}).", nameof(To));
        if (OverdueLimit < 0) throw new ArgumentException("OverdueLimit must not be negative.", nameof(OverdueLimit));
        if (MinutesPerWorkday <= 0) throw new ArgumentException("MinutesPerWorkday must be positive.", nameof(MinutesPerWorkday));
        if (UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0 || UtcOffset.Duration() > TimeSpan.FromHours(14))
            throw new ArgumentException("UtcOffset must be whole minutes within ±14 hours.", nameof(UtcOffset));
    }
}
