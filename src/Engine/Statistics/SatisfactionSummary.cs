namespace OneStop.Engine;

/// <summary>Evaluations (好差评) given in the period, and the rectifications that bad ones opened.</summary>
/// <param name="Count">Evaluations.</param>
/// <param name="ByRating">Counts for ratings 1 … 5 (index 0 is rating 1).</param>
/// <param name="OpenRectifications">Bad evaluations whose rectification is not recorded yet (any period).</param>
/// <param name="OverdueRectifications">Of those, the ones past their contact or rectification due instant now.</param>
public sealed record SatisfactionSummary(long Count, IReadOnlyList<long> ByRating, long OpenRectifications, long OverdueRectifications)
{
    /// <summary>Mean rating, or null.</summary>
    public double? Mean => Count == 0 ? null : ByRating.Select((n, i) => n * (i + 1.0)).Sum() / Count;
    /// <summary>差评: ratings 1 and 2.</summary>
    public long Bad => ByRating[0] + ByRating[1];
    /// <summary>满意率: ratings 3 (基本满意) and better ÷ all, or null.</summary>
    public double? SatisfiedRate => Count == 0 ? null : (double)(Count - Bad) / Count;
}
