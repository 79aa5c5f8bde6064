using System.Collections.Immutable;
using System.Globalization;
using OneStop.Definitions.Loading.Yaml;

namespace OneStop.Definitions.Loading;

/// <summary>Typed reads of YAML values; each wrong value is reported with its position, the offending
/// text and what was expected, and yields null so reading continues.</summary>
internal sealed class ScalarReader
{
    private readonly DiagnosticBag _d;

    public ScalarReader(DiagnosticBag diagnostics) => _d = diagnostics;

    public DiagnosticBag Diagnostics => _d;

    public string? Text(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YScalar s && !s.IsNull) return s.Value;
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be text, found {node.Describe()}", node.Span);
        return null;
    }

    public string? RequiredText(MapView map, string key, string what)
    {
        var node = map[key];
        if (node is null)
        {
            _d.Error(DiagnosticCodes.MissingKey, $"{what} is missing; expected key '{key}'", map.Span);
            return null;
        }
        return Text(node, what);
    }

    public int? Int(YNode? node, string what, int min = int.MinValue)
    {
        if (node is null) return null;
        if (node is YScalar { IsPlain: true } s && int.TryParse(s.Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v))
        {
            if (v >= min) return v;
            _d.Error(DiagnosticCodes.InvalidValue, $"{what} must be at least {min}, found {v}", node.Span);
            return null;
        }
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be a whole number, found {node.Describe()}", node.Span);
        return null;
    }

    public decimal? Decimal(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YScalar { IsPlain: true } s && decimal.TryParse(s.Value, NumberStyles.Number, CultureInfo.InvariantCulture, out var v)) return v;
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be a number, found {node.Describe()}", node.Span);
        return null;
    }

    public bool? Bool(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YScalar { IsPlain: true } s)
        {
            if (s.Value is "true" or "True" or "TRUE") return true;
            if (s.Value is "false" or "False" or "FALSE") return false;
        }
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be true or false, found {node.Describe()}", node.Span);
        return null;
    }

    public TimeAmount? Time(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YScalar s && !s.IsNull && TimeAmount.TryParse(s.Value, out var amount)) return amount;
        _d.Error(DiagnosticCodes.InvalidTimeAmount,
            $"{what} must be a time amount such as '20 workdays', '3 days', '4 workhours' or '12 hours', found {node.Describe()}", node.Span);
        return null;
    }

    /// <summary>A list of texts; a single scalar counts as a one-element list.</summary>
    public ImmutableArray<string> TextList(YNode? node, string what)
    {
        if (node is null) return [];
        if (node is YScalar s && !s.IsNull) return [s.Value];
        if (node is YSequence seq)
        {
            var b = ImmutableArray.CreateBuilder<string>(seq.Items.Count);
            foreach (var item in seq.Items)
            {
                if (Text(item, what + " entry") is { } t) b.Add(t);
            }
            return b.ToImmutable();
        }
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be text or a list of texts, found {node.Describe()}", node.Span);
        return [];
    }

    /// <summary>One of fixed words (kebab-case in YAML).</summary>
    public T? Enum<T>(YNode? node, string what, IReadOnlyDictionary<string, T> words) where T : struct
    {
        if (node is null) return null;
        if (node is YScalar s && words.TryGetValue(s.Value, out var v)) return v;
        var found = node is YScalar sc ? sc.Value : node.Describe();
        _d.Error(DiagnosticCodes.InvalidValue, $"{what} must be one of: {string.Join(", ", words.Keys)}, found {node.Describe()}", node.Span,
            EditDistance.Hint(found, words.Keys));
        return null;
    }

    public YSequence? Sequence(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YSequence seq) return seq;
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be a list, found {node.Describe()}", node.Span);
        return null;
    }

    public YMapping? Mapping(YNode? node, string what)
    {
        if (node is null) return null;
        if (node is YMapping map) return map;
        _d.Error(DiagnosticCodes.WrongType, $"{what} must be a mapping, found {node.Describe()}", node.Span);
        return null;
    }
}
