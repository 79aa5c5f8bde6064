using System.Collections.Immutable;
using OneStop.Definitions;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>A rule of the built-in catalogue: a stable id, a default level, at most one parameter, and a check over
/// one commit. Rules are stateless singletons; settings live in <see cref="CompiledRule"/>.</summary>
internal abstract class BuiltInRule
{
    /// <summary>Stable id, e.g. <c>process.second-correction</c>.</summary>
    public abstract string Id { get; }

    /// <summary>Level when configuration does not say.</summary>
    public abstract AlertLevel DefaultLevel { get; }

    /// <summary>What the rule reacts to.</summary>
    public abstract Trigger Triggers { get; }

    /// <summary>One line for docs and evidence.</summary>
    public abstract string Description { get; }

    /// <summary>The rule's parameter, if it has one.</summary>
    public virtual RuleParameter? Parameter => null;

    /// <summary>Checks a commit (only called when one of <see cref="Triggers"/> is set).</summary>
    public virtual void Check(in RuleInput input, CompiledRule rule, ref Findings findings)
    {
    }

    /// <summary>Checks a refused command (unauthorised or illegal); returns evidence when the rule fires.</summary>
    public virtual string? CheckRefusal(Pipeline.RefusalContext refusal) => null;

    /// <summary>Whether the rule looks at refused commands.</summary>
    public virtual bool WatchesRefusals => false;

    /// <summary>All parameters (zero or one) for uniform handling.</summary>
    public ImmutableArray<RuleParameter> Parameters => Parameter is { } p ? [p] : [];
}
