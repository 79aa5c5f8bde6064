namespace OneStop.Definitions;

/// <summary>A warning that fires once per clock: by remaining time or by share of the limit used.</summary>
/// <param name="Level">Level raised.</param>
/// <param name="Remaining">Fires when this much time remains (e.g. 1 workday); null when by share.</param>
/// <param name="ShareUsed">Fires when this share (0..1) of the limit is used; null when by remaining time.</param>
public sealed record WarningThreshold(AlertLevel Level, TimeAmount? Remaining, decimal? ShareUsed)
{
    /// <summary>Level raised.</summary>
    public AlertLevel Level { get; internal init; } = Level;
    /// <summary>Fires when this much time remains (e.g. 1 workday); null when by share.</summary>
    public TimeAmount? Remaining { get; internal init; } = Remaining;
    /// <summary>Fires when this share (0..1) of the limit is used; null when by remaining time.</summary>
    public decimal? ShareUsed { get; internal init; } = ShareUsed;
}
