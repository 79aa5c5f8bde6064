using System.Text.Json.Serialization;
using OneStop.Definitions;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Clocks;

/// <summary>One clock inside a case snapshot. Changed only by <see cref="ClockApplier"/>.</summary>
internal sealed class ClockState
{
    /// <summary>Unique within the case: <c>{name}#{sequence of the event that started it}</c>, e.g. <c>decision#7</c>.</summary>
    public string Id { get; set; } = "";
    /// <summary>Which clock.</summary>
    public ClockKind Kind { get; set; }
    /// <summary>Flow node of a step clock; -1 otherwise.</summary>
    public int Node { get; set; } = -1;
    /// <summary>Step id of a step clock (or of the step running a special procedure).</summary>
    public string? StepId { get; set; }
    /// <summary>The limit counted.</summary>
    [JsonConverter(typeof(TimeAmountJsonConverter))]
    public TimeAmount Limit { get; set; }
    /// <summary>When counting started.</summary>
    public DateTimeOffset StartedAt { get; set; }
    /// <summary>The current due instant (moved by resumptions and the extension).</summary>
    public DateTimeOffset DueAt { get; set; }
    /// <summary>Working minutes from start to due, not counting pauses (grows with the extension). Shares are taken of it.</summary>
    public long BudgetMinutes { get; set; }
    /// <summary>Whether the calendar had to assume Monday–Friday somewhere in the counted period.</summary>
    // Left out of the snapshot's JSON when false / zero (almost every clock): a missing value reads as the default, so
    // snapshots written before session 31, which carry it, load the same.
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Provisional { get; set; }
    /// <summary>Running, paused or stopped.</summary>
    public ClockStatus Status { get; set; }
    /// <summary>When the current pause began.</summary>
    public DateTimeOffset? PausedAt { get; set; }
    /// <summary>Working minutes lost to pauses so far (added to the due instant).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long PausedMinutes { get; set; }
    /// <summary>Whether the extension was added.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Extended { get; set; }
    /// <summary>When it stopped.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
    /// <summary>Why it stopped.</summary>
    public string? StopReason { get; set; }
    /// <summary>Thresholds, the last being <c>due</c> (Red at the due instant).</summary>
    public List<ThresholdState> Thresholds { get; set; } = [];

    /// <summary>A deep copy.</summary>
    public ClockState Clone()
    {
        var c = (ClockState)MemberwiseClone();
        c.Thresholds = Thresholds.ConvertAll(t => t.Clone());
        return c;
    }

    /// <summary>The earliest threshold not yet fired, or null.</summary>
    public ThresholdState? NextPending()
    {
        ThresholdState? best = null;
        foreach (var t in Thresholds)
        {
            if (t.FiredAt is null && (best is null || t.At < best.At)) best = t;
        }
        return best;
    }
}
