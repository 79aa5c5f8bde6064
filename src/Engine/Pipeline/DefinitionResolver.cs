using System.Collections.Concurrent;
using OneStop.Definitions;
using OneStop.Engine.Flow;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>Finds the definition a case pinned. A case always runs on the text it was submitted with: when the
/// catalogue now holds a different text for that item version, the pinned text is loaded from the store
/// (<see cref="CatalogueLoader.LoadItem"/>) and cached by content hash.</summary>
internal sealed class DefinitionResolver(Catalogue catalogue, ICaseStore store)
{
    private readonly ConcurrentDictionary<string, FlowPlan> _byHash = new(StringComparer.Ordinal);

    /// <summary>The catalogue new cases are filed against.</summary>
    public Catalogue Catalogue => catalogue;

    /// <summary>The plan for a new case of an item.</summary>
    public FlowPlan ForNewCase(string itemCode, int? version)
    {
        ItemDefinition? item;
        var found = version is { } v ? catalogue.TryGet(itemCode, v, out item) : catalogue.TryGetLatest(itemCode, out item);
        if (!found || item is null) throw new ItemNotFoundException(itemCode, version);
        return _byHash.GetOrAdd(item.ContentHash, static (_, i) => FlowPlan.For(i), item);
    }

    /// <summary>The plan a stored case pinned.</summary>
    public async ValueTask<FlowPlan> ForCaseAsync(string itemCode, int version, string contentHash, CancellationToken cancellationToken)
    {
        if (_byHash.TryGetValue(contentHash, out var plan)) return plan;
        if (catalogue.TryGet(itemCode, version, out var item) && item.ContentHash == contentHash)
            return _byHash.GetOrAdd(contentHash, static (_, i) => FlowPlan.For(i), item);
        var record = await store.GetDefinitionAsync(contentHash, cancellationToken).ConfigureAwait(false)
            ?? throw new ItemNotFoundException(itemCode, version, $"the pinned definition {contentHash} is neither loaded nor stored");
        var loaded = CatalogueLoader.LoadItem(record.Text, $"{itemCode}@{version} (pinned {contentHash[..Math.Min(12, contentHash.Length)]})");
        var pinned = loaded.GetValueOrThrow();
        return _byHash.GetOrAdd(contentHash, static (_, i) => FlowPlan.For(i), pinned);
    }
}
