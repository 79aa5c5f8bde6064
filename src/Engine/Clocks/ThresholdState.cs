using OneStop.Definitions;

namespace OneStop.Engine.Clocks;

/// <summary>A warning threshold of a clock; fires once.</summary>
internal sealed class ThresholdState
{
    /// <summary>Id within the clock: <c>w{index}-{level}</c> for configured warnings, <c>due</c> for the timeout.</summary>
    public string Id { get; set; } = "";
    /// <summary>Level raised.</summary>
    public AlertLevel Level { get; set; }
    /// <summary>When it falls due.</summary>
    public DateTimeOffset At { get; set; }
    /// <summary>When it fired; null while pending.</summary>
    public DateTimeOffset? FiredAt { get; set; }

    /// <summary>True for the timeout threshold at the due instant.</summary>
    public bool IsTimeout => Id == DueId;

    /// <summary>Id of the timeout threshold.</summary>
    public const string DueId = "due";

    /// <summary>A copy.</summary>
    public ThresholdState Clone() => (ThresholdState)MemberwiseClone();
}
