using System.Collections.Immutable;
using OneStop.Engine.Supervision.Configuration;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>The rules in force for one item version: global configuration merged with the item's overrides,
/// parameters parsed, disabled rules left out. Built once per definition and cached. Immutable.</summary>
/// <param name="Commit">Rules checked on commits (trigger bits other than none).</param>
/// <param name="Refusal">Rules checked on refused commands.</param>
/// <param name="Custom">Custom rules.</param>
/// <param name="Triggers">Union of the commit rules' triggers, to skip a commit no rule watches.</param>
/// <param name="Levels">The level per rule id, for rules raised outside commits (督办超期).</param>
internal sealed record RuleSet(ImmutableArray<CompiledRule> Commit, ImmutableArray<CompiledRule> Refusal, ImmutableArray<CustomRule> Custom,
    Trigger Triggers, ImmutableDictionary<string, CompiledRule> Levels)
{
    /// <summary>No rules at all (supervision switched off).</summary>
    public static RuleSet Empty { get; } = new([], [], [], Trigger.None, ImmutableDictionary<string, CompiledRule>.Empty);
}
