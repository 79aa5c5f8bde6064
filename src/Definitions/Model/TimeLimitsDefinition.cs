using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>Time limits of an item. Defaults follow the Administrative Licensing Law.</summary>
public sealed class TimeLimitsDefinition
{
    /// <summary>Statutory decision limit from acceptance (法定时限, Art.42: 20 workdays; joint 45).</summary>
    public TimeAmount Statutory { get; internal init; } = TimeAmount.Workdays(20);
    /// <summary>Promised limit (承诺时限), not more than statutory; null when none is promised.</summary>
    public TimeAmount? Promised { get; internal init; }
    /// <summary>Amount one extension adds (Art.42: 10 workdays; joint items 15).</summary>
    public TimeAmount Extension { get; internal init; } = TimeAmount.Workdays(10);
    /// <summary>Lower-level review limit for referred items (Art.43: 20 workdays); null otherwise.</summary>
    public TimeAmount? Review { get; internal init; }
    /// <summary>Delivery limit after decision (Art.44: 10 workdays).</summary>
    public TimeAmount Delivery { get; internal init; } = TimeAmount.Workdays(10);
    /// <summary>Correction notice limit after receipt (Art.32: 5 workdays).</summary>
    public TimeAmount CorrectionNotice { get; internal init; } = TimeAmount.Workdays(5);
    /// <summary>Legal basis that allows a joint item to exceed 45 workdays; null when none.</summary>
    public string? LegalOverride { get; internal init; }
    /// <summary>Warning thresholds; empty means the engine's global defaults apply.</summary>
    public ImmutableArray<WarningThreshold> Warnings { get; internal init; } = [];
    /// <summary>What happens when the decision clock runs out.</summary>
    public TimeoutPolicy OnTimeout { get; internal init; } = TimeoutPolicy.Notify;
    /// <summary>Whether <see cref="TimeoutAction.DeemedApproved"/> is legal for this item.</summary>
    public bool AllowsDeemedApproval => OnTimeout.Action == TimeoutAction.DeemedApproved;
}
