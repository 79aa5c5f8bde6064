using System.Collections.Immutable;
using OneStop.Definitions.Loading;
using OneStop.Definitions.Validation;

namespace OneStop.Definitions;

/// <summary>Loads YAML item files into a validated <see cref="Catalogue"/>. Reports every error at once;
/// a catalogue with any error loads nothing. A file named <c>roles.yaml</c> (or <c>roles.yml</c>) declares
/// roles for every item of the catalogue; every other <c>*.yaml</c>/<c>*.yml</c> file is one item.</summary>
public static class CatalogueLoader
{
    /// <summary>Loads every <c>*.yaml</c>/<c>*.yml</c> file under <paramref name="directory"/> (recursively).</summary>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> is null.</exception>
    /// <exception cref="DirectoryNotFoundException">The directory does not exist.</exception>
    public static LoadResult<Catalogue> LoadDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"Catalogue directory not found: {directory}");
        return LoadPaths([directory]);
    }

    /// <summary>Loads files and directories as one catalogue.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="paths"/> is null.</exception>
    /// <exception cref="FileNotFoundException">A path is neither a file nor a directory.</exception>
    public static LoadResult<Catalogue> LoadPaths(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var sources = new List<(string, string)>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var files = Directory.EnumerateFiles(path, "*.*", SearchOption.AllDirectories)
                    .Where(IsYaml)
                    .Order(StringComparer.Ordinal);
                foreach (var f in files) sources.Add((f, File.ReadAllText(f)));
            }
            else if (File.Exists(path)) sources.Add((path, File.ReadAllText(path)));
            else throw new FileNotFoundException($"No such file or directory: {path}", path);
        }
        return LoadTexts(sources);
    }

    /// <summary>Loads in-memory sources (path label, YAML text) as one catalogue.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="sources"/> is null.</exception>
    public static LoadResult<Catalogue> LoadTexts(IEnumerable<(string Path, string Text)> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        var d = new DiagnosticBag();
        var list = sources.ToList();
        var roles = new Dictionary<string, RoleDefinition>(StringComparer.Ordinal);
        var roleSpans = new Dictionary<string, SourceSpan>(StringComparer.Ordinal);
        foreach (var (path, text) in list.Where(s => IsRolesFile(s.Path)))
        {
            foreach (var (role, span) in ItemReader.ReadRolesFile(text, path, d))
            {
                if (roleSpans.TryGetValue(role.Id, out var first))
                {
                    d.Error(DiagnosticCodes.DuplicateRole, $"duplicate role '{role.Id}'; it was first declared at {first}", span);
                    continue;
                }
                roles.Add(role.Id, role);
                roleSpans.Add(role.Id, span);
            }
        }
        var items = new List<ParsedItem>();
        foreach (var (path, text) in list.Where(s => !IsRolesFile(s.Path)))
        {
            if (ItemReader.Read(text, path, d, roles) is { } item) items.Add(item);
        }
        CatalogueValidator.Check(d, items);
        var catalogue = d.ErrorCount == 0
            ? new Catalogue([.. items.Select(i => i.Definition).OrderBy(i => i.ItemCode, StringComparer.Ordinal).ThenBy(i => i.Version)])
            : null;
        return new LoadResult<Catalogue>(catalogue, d.ToSortedArray());
    }

    /// <summary>Loads one item on its own (cross-item references such as subcases are not resolved, and roles
    /// from a catalogue <c>roles.yaml</c> are taken on trust). Used to rehydrate the definition text a running case pinned.</summary>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static LoadResult<ItemDefinition> LoadItem(string text, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(path);
        var d = new DiagnosticBag();
        var item = ItemReader.Read(text, path, d, null);
        return new LoadResult<ItemDefinition>(item?.Definition, d.ToSortedArray());
    }

    private static bool IsYaml(string path)
        => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static bool IsRolesFile(string path)
        => Path.GetFileName(path) is "roles.yaml" or "roles.yml";
}
