using OneStop.Definitions.Loading;

namespace OneStop.Definitions.Validation;

/// <summary>Finds circular subcase dependencies between items (互为前置): A starts B which (directly or not) starts A.
/// Items are compared by code: every version of an item is one vertex. Each cycle is reported once, at the
/// subcase that closes it in the item with the smallest code.</summary>
internal static class SubcaseCycleFinder
{
    public static void Report(DiagnosticBag d, List<ParsedItem> items)
    {
        var edges = new Dictionary<string, List<(string To, SourceSpan Span)>>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (!edges.TryGetValue(item.Definition.ItemCode, out var list)) edges[item.Definition.ItemCode] = list = [];
            foreach (var s in item.Subcases) list.Add((s.Node.ItemCode, s.ItemSpan));
        }
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 0 new, 1 on stack, 2 done
        var stack = new List<string>();
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in edges.Keys.Order(StringComparer.Ordinal)) Visit(start);

        void Visit(string code)
        {
            state[code] = 1;
            stack.Add(code);
            foreach (var (to, span) in edges.GetValueOrDefault(code) ?? [])
            {
                var s = state.GetValueOrDefault(to);
                if (s == 1)
                {
                    var cycle = stack.Skip(stack.IndexOf(to)).ToList();
                    var key = string.Join(">", cycle.Order(StringComparer.Ordinal));
                    if (reported.Add(key))
                    {
                        d.Error(DiagnosticCodes.CircularSubcase,
                            $"circular subcase dependency (互为前置): {string.Join(" → ", cycle.Append(to))}; an item cannot wait for a case that waits for it",
                            span);
                    }
                }
                else if (s == 0 && edges.ContainsKey(to)) Visit(to);
            }
            stack.RemoveAt(stack.Count - 1);
            state[code] = 2;
        }
    }
}
