using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>A built-in rule bound to its settings for one item: level and parsed parameter. Immutable.</summary>
internal sealed class CompiledRule(BuiltInRule rule, AlertLevel level, long count, decimal money, TimeAmount? time)
{
    public BuiltInRule Rule { get; } = rule;
    public AlertLevel Level { get; } = level;
    /// <summary>The Count parameter.</summary>
    public long Count { get; } = count;
    /// <summary>The Money parameter.</summary>
    public decimal Money { get; } = money;
    /// <summary>The Time parameter; null means the item's own limit.</summary>
    public TimeAmount? Time { get; } = time;
    /// <summary>Cached <see cref="BuiltInRule.Triggers"/>.</summary>
    public Trigger Triggers { get; } = rule.Triggers;
}
