using System.Collections.Immutable;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Loading;

/// <summary>A mapping checked against its key table: unknown keys (with a suggestion) and duplicate keys
/// (at the second key) are reported once, when the view is opened.</summary>
internal sealed class MapView
{
    private readonly Dictionary<string, YEntry> _entries;

    private MapView(YMapping node, Dictionary<string, YEntry> entries)
    {
        Node = node;
        _entries = entries;
    }

    public YMapping Node { get; }

    public SourceSpan Span => Node.Span;

    public IEnumerable<YEntry> Entries => _entries.Values;

    /// <summary>Opens <paramref name="node"/> as a mapping; reports and returns null when it is not one.</summary>
    public static MapView? Open(YNode node, ImmutableArray<string> keys, string context, DiagnosticBag diagnostics)
    {
        if (node is not YMapping mapping)
        {
            diagnostics.Error(DiagnosticCodes.WrongType, $"{context} must be a mapping of keys ({string.Join(", ", keys)}), found {node.Describe()}", node.Span);
            return null;
        }
        return FromMapping(mapping, keys, context, diagnostics);
    }

    /// <summary>Opens a mapping whose keys are free (ids), reporting only duplicates.</summary>
    public static MapView OpenFree(YMapping mapping, string context, DiagnosticBag diagnostics, string duplicateCode = DiagnosticCodes.DuplicateKey, string noun = "key")
        => FromMapping(mapping, default, context, diagnostics, duplicateCode, noun);

    private static MapView FromMapping(YMapping mapping, ImmutableArray<string> keys, string context, DiagnosticBag diagnostics,
        string duplicateCode = DiagnosticCodes.DuplicateKey, string noun = "key")
    {
        var entries = new Dictionary<string, YEntry>(StringComparer.Ordinal);
        foreach (var entry in mapping.Entries)
        {
            var name = entry.Key.Value;
            if (!keys.IsDefault && !keys.Contains(name))
            {
                diagnostics.Error(DiagnosticCodes.UnknownKey,
                    $"unknown key '{YScalar.Shorten(name)}' in {context}; expected one of: {string.Join(", ", keys)}",
                    entry.Key.Span, EditDistance.Hint(name, keys));
                continue;
            }
            if (entries.TryGetValue(name, out var first))
            {
                diagnostics.Error(duplicateCode,
                    $"duplicate {noun} '{YScalar.Shorten(name)}' in {context}; it was first given at line {first.Key.Span.Line}", entry.Key.Span);
                continue;
            }
            entries.Add(name, entry);
        }
        return new MapView(mapping, entries);
    }

    public YNode? this[string key] => _entries.TryGetValue(key, out var e) ? e.Value : null;

    public YScalar? KeyOf(string key) => _entries.TryGetValue(key, out var e) ? e.Key : null;

    public bool Has(string key) => _entries.ContainsKey(key);
}
