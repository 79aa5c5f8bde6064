namespace OneStop.Engine.Statistics;

/// <summary>Summaries from a histogram of working minutes (value → count, ascending), shared by the stores.</summary>
internal static class StatisticsMath
{
    /// <summary>Mean, median (lower middle) and nearest-rank 90th percentile.</summary>
    public static DurationSummary Summarize(IReadOnlyList<(long Minutes, long Count)> ascending, int minutesPerWorkday)
    {
        long n = 0;
        double sum = 0;
        foreach (var (m, c) in ascending)
        {
            n += c;
            sum += (double)m * c;
        }
        if (n == 0) return new DurationSummary(0, null, null, null, minutesPerWorkday);
        return new DurationSummary(n, sum / n, Rank(ascending, (n + 1) / 2), Rank(ascending, (long)Math.Ceiling(0.9 * n)), minutesPerWorkday);
    }

    private static long Rank(IReadOnlyList<(long Minutes, long Count)> ascending, long rank)
    {
        long seen = 0;
        foreach (var (m, c) in ascending)
        {
            seen += c;
            if (seen >= rank) return m;
        }
        return ascending[^1].Minutes;
    }
}
