using OneStop.Definitions.Loading;

namespace OneStop.Definitions.Validation;

/// <summary>Checks across items: duplicate code+version, subcases naming unknown items, versions or child fields,
/// and circular subcase dependencies (互为前置).</summary>
internal static class CatalogueValidator
{
    public static void Check(DiagnosticBag d, List<ParsedItem> items)
    {
        var byKey = new Dictionary<(string, int), ParsedItem>();
        foreach (var item in items)
        {
            var key = (item.Definition.ItemCode, item.Definition.Version);
            if (byKey.TryGetValue(key, out var first))
            {
                d.Error(DiagnosticCodes.DuplicateItemVersion,
                    $"item {item.Definition.ItemCode} version {item.Definition.Version} is already defined at {first.CodeSpan}; give this one a new version",
                    item.CodeSpan);
            }
            else byKey.Add(key, item);
        }
        var byCode = items.GroupBy(i => i.Definition.ItemCode, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);

        foreach (var item in items)
        {
            foreach (var sub in item.Subcases)
            {
                var code = sub.Node.ItemCode;
                if (!byCode.TryGetValue(code, out var versions))
                {
                    d.Error(DiagnosticCodes.UndefinedItem, $"subcase item '{code}' is not in the catalogue", sub.ItemSpan, EditDistance.Hint(code, byCode.Keys));
                    continue;
                }
                ItemDefinition child;
                if (sub.Node.Version is { } v)
                {
                    var match = versions.FirstOrDefault(i => i.Definition.Version == v);
                    if (match is null)
                    {
                        d.Error(DiagnosticCodes.UndefinedItem,
                            $"subcase item '{code}' has no version {v}; loaded versions: {string.Join(", ", versions.Select(i => i.Definition.Version).Distinct().Order())}", sub.ItemSpan);
                        continue;
                    }
                    child = match.Definition;
                }
                else child = versions.MaxBy(i => i.Definition.Version)!.Definition;
                foreach (var (field, span) in sub.MapKeys)
                {
                    if (!child.Schema.TryGetField(field, out _))
                    {
                        d.Error(DiagnosticCodes.UndefinedField, $"'{field}' is not a form field of subcase item '{code}'", span,
                            EditDistance.Hint(field, child.Schema.Fields.Select(f => f.Path)));
                    }
                }
            }
        }
        SubcaseCycleFinder.Report(d, items);
    }
}
