using System.Text.Json.Serialization;
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

    /// <summary>True for the timeout threshold at the due instant. Not stored: it follows from <see cref="Id"/> (a
    /// reader always ignored it, and snapshots written before session 31 that carry it still load).</summary>
    [JsonIgnore]
    public bool IsTimeout => Id == DueId;

    /// <summary>Id of the timeout threshold.</summary>
    public const string DueId = "due";

    /// <summary>A copy.</summary>
    public ThresholdState Clone() => (ThresholdState)MemberwiseClone();
}
