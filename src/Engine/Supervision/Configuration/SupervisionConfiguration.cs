using System.Collections.Frozen;
using System.Collections.Immutable;
using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>The global supervision configuration, compiled from <c>supervision.yaml</c> (or the defaults). Immutable.</summary>
internal sealed class SupervisionConfiguration
{
    /// <summary>Defaults: every built-in rule on at its default level; 督办 within 1 workday for Red, 3 for Yellow, none for reminders.</summary>
    public static SupervisionConfiguration Default { get; } = new();

    /// <summary>Master switch.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Global settings by rule id.</summary>
    public FrozenDictionary<string, RuleSettings> Rules { get; init; } = FrozenDictionary<string, RuleSettings>.Empty;

    /// <summary>Custom rules, in file order.</summary>
    public ImmutableArray<CustomRule> Custom { get; init; } = [];

    /// <summary>督办 time allowed per level (index = <see cref="AlertLevel"/>); null: no 督办 due date.</summary>
    public ImmutableArray<TimeAmount?> Supervise { get; init; } = [null, TimeAmount.Workdays(3), TimeAmount.Workdays(1)];
}
