using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OneStop.Definitions.Expressions;

/// <summary>The names an expression may refer to: typed fields and material ids. Immutable.</summary>
public sealed class ExpressionSchema
{
    private readonly FrozenDictionary<string, FieldSymbol> _fields;
    private readonly FrozenDictionary<string, int> _materials;

    private ExpressionSchema(ImmutableArray<FieldSymbol> fields, ImmutableArray<string> materialIds)
    {
        Fields = fields;
        MaterialIds = materialIds;
        _fields = fields.ToFrozenDictionary(f => f.Path, StringComparer.Ordinal);
        _materials = materialIds.Select((id, i) => (id, i)).ToFrozenDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
    }

    /// <summary>An empty schema (literals and functions only).</summary>
    public static ExpressionSchema Empty { get; } = new([], []);

    /// <summary>Fields in slot order.</summary>
    public ImmutableArray<FieldSymbol> Fields { get; }

    /// <summary>Material ids in index order.</summary>
    public ImmutableArray<string> MaterialIds { get; }

    /// <summary>Creates a schema; field slots are assigned in the order given.</summary>
    /// <param name="fields">(path, kind, options) per field; options may be default for non-choice fields.</param>
    /// <param name="materialIds">Material ids usable in <c>has('id')</c>.</param>
    public static ExpressionSchema Create(IEnumerable<(string Path, ValueKind Kind, ImmutableArray<string> Options)> fields, IEnumerable<string> materialIds)
    {
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(materialIds);
        var symbols = fields.Select((f, i) => new FieldSymbol(f.Path, i, f.Kind, f.Options.IsDefault ? [] : f.Options)).ToImmutableArray();
        return new ExpressionSchema(symbols, materialIds.ToImmutableArray());
    }

    /// <summary>Looks up a field by path.</summary>
    public bool TryGetField(string path, out FieldSymbol field) => _fields.TryGetValue(path, out field!);

    /// <summary>Looks up a material's index by id.</summary>
    public bool TryGetMaterial(string id, out int index) => _materials.TryGetValue(id, out index);
}
