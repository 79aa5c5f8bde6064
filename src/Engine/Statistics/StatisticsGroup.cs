namespace OneStop.Engine;

/// <summary>Counts for one value of the breakdown dimension (or for everything).</summary>
/// <param name="Key">The item code, department, kind, result or month; "" for the whole.</param>
/// <param name="Finished">Cases finished (decided or closed without a decision).</param>
/// <param name="Decided">Cases decided (the on-time rate's denominator).</param>
/// <param name="OnTime">Decided within the promised (else statutory) limit (按时办结).</param>
/// <param name="Early">Decided at least one working day early (提前办结).</param>
/// <param name="TotalWorkingMinutes">Sum of working minutes from acceptance to decision.</param>
public sealed record StatisticsGroup(string Key, long Finished, long Decided, long OnTime, long Early, long TotalWorkingMinutes)
{
    /// <summary>按时办结率: on time ÷ decided, or null when nothing was decided.</summary>
    public double? OnTimeRate => Decided == 0 ? null : (double)OnTime / Decided;
    /// <summary>提前办结率: early ÷ decided, or null.</summary>
    public double? EarlyRate => Decided == 0 ? null : (double)Early / Decided;
    /// <summary>Mean working minutes from acceptance to decision, or null.</summary>
    public double? MeanWorkingMinutes => Decided == 0 ? null : (double)TotalWorkingMinutes / Decided;
}
