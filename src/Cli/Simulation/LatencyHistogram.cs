using System.Diagnostics;

namespace OneStop.Cli.Simulation;

/// <summary>Command latencies in log-spaced buckets (about 4 % wide), so a million commands cost a few kilobytes.
/// Thread-safe.</summary>
internal sealed class LatencyHistogram
{
    private const int BucketsPerDoubling = 16;
    private readonly long[] _counts = new long[64 * BucketsPerDoubling];
    private long _total;

    /// <summary>Commands recorded.</summary>
    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records one latency given as <see cref="Stopwatch"/> ticks.</summary>
    public void Record(long stopwatchTicks)
    {
        var micros = Math.Max(1.0, stopwatchTicks * 1_000_000.0 / Stopwatch.Frequency);
        var bucket = Math.Min(_counts.Length - 1, (int)(Math.Log2(micros) * BucketsPerDoubling));
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency at quantile <paramref name="q"/> (0–1), as the upper edge of its bucket.</summary>
    public TimeSpan Percentile(double q)
    {
        var total = Count;
        if (total == 0) return TimeSpan.Zero;
        var target = (long)Math.Ceiling(q * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= target) return TimeSpan.FromMicroseconds(Math.Pow(2, (i + 1.0) / BucketsPerDoubling));
        }
        return TimeSpan.MaxValue;
    }
}
