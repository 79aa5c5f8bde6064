namespace OneStop.Definitions.Flow;

/// <summary>When a vote passes: approve weight reaches <see cref="Ratio"/> of the total weight, or reaches <see cref="Count"/>.</summary>
/// <param name="Ratio">Share of total weight (0..1], e.g. 0.6667 for two thirds; null when by count.</param>
/// <param name="Count">Approve weight needed; null when by ratio.</param>
/// <param name="AbstainCountsInTotal">Whether abstentions stay in the denominator (default true).</param>
public sealed record VoteRule(decimal? Ratio, int? Count, bool AbstainCountsInTotal = true)
{
    /// <summary>Share of total weight (0..1], e.g. 0.6667 for two thirds; null when by count.</summary>
    public decimal? Ratio { get; internal init; } = Ratio;
    /// <summary>Approve weight needed; null when by ratio.</summary>
    public int? Count { get; internal init; } = Count;
    /// <summary>Whether abstentions stay in the denominator (default true).</summary>
    public bool AbstainCountsInTotal { get; internal init; } = AbstainCountsInTotal;
}
