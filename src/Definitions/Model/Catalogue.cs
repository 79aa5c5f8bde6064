using System.Collections.Frozen;
using System.Collections.Immutable;

namespace OneStop.Definitions;

/// <summary>A loaded catalogue: every item version, validated together. Immutable.</summary>
public sealed class Catalogue
{
    private readonly FrozenDictionary<string, ItemDefinition> _byKey;
    private readonly FrozenDictionary<string, ItemDefinition> _latest;

    /// <summary>Creates a catalogue from already validated items.</summary>
    internal Catalogue(ImmutableArray<ItemDefinition> items)
    {
        Items = items;
        _byKey = items.ToFrozenDictionary(i => Key(i.ItemCode, i.Version), StringComparer.Ordinal);
        _latest = items.GroupBy(i => i.ItemCode, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.MaxBy(i => i.Version)!, StringComparer.Ordinal);
    }

    /// <summary>Every item version, ordered by code then version.</summary>
    public ImmutableArray<ItemDefinition> Items { get; }

    /// <summary>Finds an exact version.</summary>
    public bool TryGet(string itemCode, int version, out ItemDefinition item) => _byKey.TryGetValue(Key(itemCode, version), out item!);

    /// <summary>Finds the highest version of an item.</summary>
    public bool TryGetLatest(string itemCode, out ItemDefinition item) => _latest.TryGetValue(itemCode, out item!);

    /// <summary>Finds the highest version of an item whose code or name matches <paramref name="codeOrName"/>.</summary>
    public ItemDefinition? Find(string codeOrName)
    {
        ArgumentNullException.ThrowIfNull(codeOrName);
        if (_latest.TryGetValue(codeOrName, out var item)) return item;
        return _latest.Values.FirstOrDefault(i => string.Equals(i.Name, codeOrName, StringComparison.Ordinal));
    }

    private static string Key(string code, int version) => code + "@" + version.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
