using OneStop.Definitions;

namespace OneStop.Cli.Commands;

/// <summary>Finds the item a command names: a YAML file path, or an item code (or name) in a catalogue directory.</summary>
internal static class ItemResolver
{
    public static ItemDefinition? Resolve(string item, string? catalogueDir, TextWriter stdout, TextWriter stderr)
    {
        if (File.Exists(item))
        {
            var single = CatalogueLoader.LoadItem(File.ReadAllText(item), item);
            return Report(single.Value, single.Diagnostics, stdout);
        }
        var dir = catalogueDir ?? Directory.GetCurrentDirectory();
        if (!Directory.Exists(dir))
        {
            stderr.WriteLine($"{dir}: error: catalogue directory not found");
            return null;
        }
        var result = CatalogueLoader.LoadDirectory(dir);
        if (Report(result.Value, result.Diagnostics, stdout) is not { } catalogue) return null;
        var found = catalogue.Find(item);
        if (found is null) stderr.WriteLine($"error: no item '{item}' in {dir}; give a file path or an item code or name from the catalogue");
        return found;
    }

    private static T? Report<T>(T? value, IEnumerable<Definitions.Diagnostic> diagnostics, TextWriter stdout) where T : class
    {
        foreach (var d in diagnostics) stdout.WriteLine(d.ToString());
        return value;
    }
}
