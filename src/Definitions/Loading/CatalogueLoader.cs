namespace OneStop.Definitions;

/// <summary>Loads YAML item files into a validated <see cref="Catalogue"/>. Reports every error at once;
/// a catalogue with any error loads nothing.</summary>
public static class CatalogueLoader
{
    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file under <paramref name="directory"/> (recursively).</summary>
    public static LoadResult<Catalogue> LoadDirectory(string directory) => throw new NotImplementedException();

    /// <summary>Loads files and directories as one catalogue.</summary>
    public static LoadResult<Catalogue> LoadPaths(IEnumerable<string> paths) => throw new NotImplementedException();

    /// <summary>Loads in-memory sources (path label, YAML text) as one catalogue.</summary>
    public static LoadResult<Catalogue> LoadTexts(IEnumerable<(string Path, string Text)> sources) => throw new NotImplementedException();

    /// <summary>Loads one item on its own (cross-item references such as subcases are not resolved).
    /// Used to rehydrate the definition text a running case pinned.</summary>
    public static LoadResult<ItemDefinition> LoadItem(string text, string path) => throw new NotImplementedException();
}
