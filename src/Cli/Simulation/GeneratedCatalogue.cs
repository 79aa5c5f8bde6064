using OneStop.Definitions;

namespace OneStop.Cli.Simulation;

/// <summary>A generated catalogue: item texts and what the simulator needs to know about each.</summary>
/// <param name="Items">The items, in generation order.</param>
/// <param name="RolesYaml">The catalogue-level <c>roles.yaml</c>.</param>
internal sealed record GeneratedCatalogue(IReadOnlyList<GeneratedItem> Items, string RolesYaml)
{
    /// <summary>Every text with the path it is loaded (or written) as.</summary>
    public IEnumerable<(string Path, string Text)> Sources() =>
        Items.Select(i => (i.Path, i.Yaml)).Prepend(("sim/roles.yaml", RolesYaml));

    /// <summary>Loads the texts through the ordinary loader.</summary>
    public LoadResult<Catalogue> Load() => CatalogueLoader.LoadTexts(Sources());

    /// <summary>Writes the texts under <paramref name="directory"/> (for <c>onestop check</c>, <c>graph</c>, <c>guide</c>).</summary>
    public void WriteTo(string directory)
    {
        foreach (var (path, text) in Sources())
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text);
        }
    }
}
