namespace OneStop.Definitions.Expressions.Binding;

/// <summary>"Did you mean" suggestions by edit distance.</summary>
internal static class Suggestions
{
    /// <summary>The candidate closest to <paramref name="name"/>, if close enough to be a plausible typo.</summary>
    public static string? Closest(string name, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = string.Equals(name, candidate, StringComparison.OrdinalIgnoreCase) ? 0 : Distance(name, candidate);
            if (d < bestDistance)
            {
                best = candidate;
                bestDistance = d;
            }
        }
        // Allow roughly one typo per three characters, at least one and at most three.
        var limit = Math.Clamp(name.Length / 3, 1, 3);
        return bestDistance <= limit ? best : null;
    }

    public static string? DidYouMean(string name, IEnumerable<string> candidates, Func<string, string>? format = null)
        => Closest(name, candidates) is { } s ? $"did you mean {(format ?? (x => "'" + x + "'"))(s)}?" : null;

    /// <summary>Levenshtein distance with adjacent transpositions counted as one edit.</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }
        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }
        return d[a.Length, b.Length];
    }
}
