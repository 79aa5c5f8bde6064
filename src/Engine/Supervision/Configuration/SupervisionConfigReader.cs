using System.Collections.Frozen;
using System.Collections.Immutable;
using OneStop.Definitions;
using OneStop.Definitions.Expressions;
using OneStop.Definitions.Loading;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Engine.Supervision.Configuration;

/// <summary>Reads <c>supervision.yaml</c> with the definitions' YAML front end, so every error carries file:line:col,
/// unknown keys get "did you mean", and nothing stops at the first problem.</summary>
internal static class SupervisionConfigReader
{
    private static readonly ImmutableArray<string> RootKeys = ["enabled", "supervise", "rules", "custom"];
    private static readonly ImmutableArray<string> RuleKeys = ["enabled", "level", "parameters"];
    private static readonly ImmutableArray<string> CustomKeys = ["enabled", "level", "when", "message"];
    private static readonly ImmutableArray<string> LevelKeys = ["reminder", "yellow", "red"];

    /// <summary>Reads a file.</summary>
    public static LoadResult<SupervisionConfiguration> ReadFile(string path) => Read(File.ReadAllText(path), path);

    /// <summary>Reads configuration text; <paramref name="path"/> labels positions.</summary>
    public static LoadResult<SupervisionConfiguration> Read(string text, string path)
    {
        var d = new DiagnosticBag();
        if (string.IsNullOrWhiteSpace(text)) return new LoadResult<SupervisionConfiguration>(SupervisionConfiguration.Default, []);
        var root = YamlDocumentReader.Read(text, path, d);
        SupervisionConfiguration? config = null;
        if (root is not null && MapView.Open(root, RootKeys, "supervision configuration", d) is { } map)
        {
            var r = new ScalarReader(d);
            var lines = text.Split('\n');
            config = new SupervisionConfiguration
            {
                Enabled = r.Bool(map["enabled"], "enabled") ?? true,
                Supervise = ReadSupervise(map["supervise"], r, d),
                Rules = ReadRules(map["rules"], r, d),
                Custom = ReadCustom(map["custom"], r, d, lines),
            };
        }
        return new LoadResult<SupervisionConfiguration>(config, d.ToSortedArray());
    }

    private static ImmutableArray<TimeAmount?> ReadSupervise(YNode? node, ScalarReader r, DiagnosticBag d)
    {
        var result = SupervisionConfiguration.Default.Supervise.ToBuilder();
        if (node is null || MapView.Open(node, LevelKeys, "supervise", d) is not { } map) return result.ToImmutable();
        for (var level = 0; level < LevelKeys.Length; level++)
        {
            var value = map[LevelKeys[level]];
            if (value is null) continue;
            result[level] = value is YScalar { IsNull: true } or YScalar { Value: "none" } ? null : r.Time(value, $"supervise.{LevelKeys[level]}");
        }
        return result.ToImmutable();
    }

    private static FrozenDictionary<string, RuleSettings> ReadRules(YNode? node, ScalarReader r, DiagnosticBag d)
    {
        if (r.Mapping(node, "rules") is not { } mapping) return FrozenDictionary<string, RuleSettings>.Empty;
        var result = new Dictionary<string, RuleSettings>(StringComparer.Ordinal);
        foreach (var entry in MapView.OpenFree(mapping, "rules", d, noun: "rule").Entries)
        {
            var id = entry.Key.Value;
            var rule = ParameterParser.Rule(id, entry.Key.Span, "rules", d);
            if (MapView.Open(entry.Value, RuleKeys, $"rule '{id}'", d) is not { } map || rule is null) continue;
            var parameters = ImmutableDictionary<string, string>.Empty;
            if (r.Mapping(map["parameters"], "parameters") is { } pm)
            {
                foreach (var p in MapView.OpenFree(pm, "parameters", d).Entries)
                {
                    if (r.Text(p.Value, $"parameter '{p.Key.Value}'") is not { } value) continue;
                    var span = p.Value.Span;
                    if (ParameterParser.Check(rule, p.Key.Value, value, p.Key.Value == rule.Parameter?.Name ? span : p.Key.Span, d))
                        parameters = parameters.SetItem(p.Key.Value, value);
                }
            }
            result[id] = new RuleSettings(id, r.Bool(map["enabled"], "enabled"), r.Enum(map["level"], "level", Words.Level), parameters);
        }
        return result.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static ImmutableArray<CustomRule> ReadCustom(YNode? node, ScalarReader r, DiagnosticBag d, string[] lines)
    {
        if (r.Mapping(node, "custom") is not { } mapping) return [];
        var result = ImmutableArray.CreateBuilder<CustomRule>();
        foreach (var entry in MapView.OpenFree(mapping, "custom", d, noun: "custom rule").Entries)
        {
            var name = entry.Key.Value;
            var valid = IsName(name);
            if (!valid)
                d.Error(SupervisionDiagnosticCodes.InvalidCustomRule,
                    $"custom rule name '{name}' must be lowercase letters, digits and '-' (it becomes the rule id 'custom.{name}')", entry.Key.Span);
            if (MapView.Open(entry.Value, CustomKeys, $"custom rule '{name}'", d) is not { } map) continue;
            var enabled = r.Bool(map["enabled"], "enabled") ?? true;
            var level = map["level"] is { } l ? r.Enum(l, "level", Words.Level) : Missing(d, map, "level", name);
            var message = r.Text(map["message"], "message");
            CompiledExpression? when = null;
            if (map["when"] is { } w) when = ExpressionBinder.Compile(w, CaseFacts.Schema, $"custom rule '{name}'", lines, d);
            else Missing(d, map, "when", name);
            if (valid && enabled && level is { } lv && when is not null) result.Add(new CustomRule("custom." + name, lv, when, message ?? when.Text));
        }
        return result.ToImmutable();
    }

    private static AlertLevel? Missing(DiagnosticBag d, MapView map, string key, string name)
    {
        d.Error(DiagnosticCodes.MissingKey, $"custom rule '{name}' needs '{key}'", map.Span);
        return null;
    }

    private static bool IsName(string name)
    {
        if (name.Length == 0) return false;
        foreach (var ch in name)
        {
            if (!(char.IsAsciiLetterLower(ch) || char.IsAsciiDigit(ch) || ch == '-')) return false;
        }
        return true;
    }
}
