using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using OneStop.Definitions;
using OneStop.Definitions.Loading;
using OneStop.Engine.Supervision.Configuration;

namespace OneStop.Engine.Supervision.Rules;

/// <summary>Builds and caches a <see cref="RuleSet"/> per item definition (definitions are shared, immutable objects,
/// so a weak table keyed by the instance keeps exactly one set per loaded version).</summary>
internal sealed class RuleSetCompiler(SupervisionConfiguration configuration)
{
    private readonly ConditionalWeakTable<ItemDefinition, RuleSet> _cache = [];

    public SupervisionConfiguration Configuration => configuration;

    /// <summary>The cached rule set; invalid item overrides (already reported at registration) are ignored.</summary>
    public RuleSet For(ItemDefinition item) =>
        _cache.TryGetValue(item, out var set) ? set : _cache.GetValue(item, i => Compile(i, new DiagnosticBag()));

    /// <summary>Checks an item's overrides, reporting every problem with the override's position.</summary>
    public void Validate(ItemDefinition item, DiagnosticBag diagnostics) => Compile(item, diagnostics);

    private RuleSet Compile(ItemDefinition item, DiagnosticBag d)
    {
        var overrides = new Dictionary<string, SupervisionOverride>(StringComparer.Ordinal);
        foreach (var o in item.Supervision)
        {
            var where = $"the supervision overrides of item {item}";
            if (ParameterParser.Rule(o.RuleId, o.Span, where, d) is not { } rule) continue;
            var ok = true;
            foreach (var (name, value) in o.Parameters) ok &= ParameterParser.Check(rule, name, value, o.Span, d);
            if (ok) overrides[o.RuleId] = o;
        }
        if (!configuration.Enabled) return RuleSet.Empty;

        var commit = ImmutableArray.CreateBuilder<CompiledRule>();
        var refusal = ImmutableArray.CreateBuilder<CompiledRule>();
        var levels = ImmutableDictionary.CreateBuilder<string, CompiledRule>(StringComparer.Ordinal);
        var triggers = Trigger.None;
        foreach (var rule in RuleCatalog.All)
        {
            configuration.Rules.TryGetValue(rule.Id, out var global);
            overrides.TryGetValue(rule.Id, out var local);
            if (!(local?.Enabled ?? global?.Enabled ?? true)) continue;
            var level = local?.Level ?? global?.Level ?? rule.DefaultLevel;
            long count = 0;
            decimal money = 0;
            TimeAmount? time = null;
            if (rule.Parameter is { } p)
            {
                var text = (local?.Parameters.GetValueOrDefault(p.Name)) ?? global?.Parameters.GetValueOrDefault(p.Name) ?? p.Default;
                if (text is not null) ParameterParser.TryParse(p, text, out count, out money, out time);
            }
            var compiled = new CompiledRule(rule, level, count, money, time);
            levels[rule.Id] = compiled;
            if (rule.Triggers != Trigger.None)
            {
                commit.Add(compiled);
                triggers |= rule.Triggers;
            }
            if (rule.WatchesRefusals) refusal.Add(compiled);
        }
        return new RuleSet(commit.ToImmutable(), refusal.ToImmutable(), configuration.Custom, triggers, levels.ToImmutable());
    }
}
