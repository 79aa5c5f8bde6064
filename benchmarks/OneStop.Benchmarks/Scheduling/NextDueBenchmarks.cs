using BenchmarkDotNet.Attributes;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Scheduling;

/// <summary>With 1,000,000 open cases in the in-memory store: find the next due instant (what the worker asks before
/// every sleep) and the first batch of due cases. <see cref="NextDueByFullScan"/> is the same-run baseline: what a
/// store without a due-instant index would do (a pass over every case's earliest due instant).</summary>
[MemoryDiagnoser]
[SchedulingJob]
public class NextDueBenchmarks
{
    // Seeding 1,000,000 cases takes tens of seconds; in-process runs share one fixture across the three benchmarks.
    private static SchedulingFixture? s_shared;
    private SchedulingFixture _fixture = null!;
    private readonly DateTimeOffset _upTo = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds the store (once per process).</summary>
    [GlobalSetup]
    public void Setup()
    {
        if (s_shared is null)
        {
            s_shared = new SchedulingFixture(1_000_000);
            Console.WriteLine($"// managed heap after seeding 1,000,000 cases: {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MB");
        }
        _fixture = s_shared;
    }

    /// <summary>The earliest due instant over all cases (the index's minimum).</summary>
    [Benchmark]
    public Task<DateTimeOffset?> NextDueInstant() => _fixture.Store.GetNextDueAsync();

    /// <summary>The scheduler's batch query: the first 256 due cases, earliest first.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CaseRecord>> FindDueBatch() => _fixture.Store.FindDueAsync(_upTo, 256);

    /// <summary>Baseline without an index: the minimum over every open case's earliest due instant.</summary>
    [Benchmark(Baseline = true)]
    public DateTimeOffset? NextDueByFullScan()
    {
        DateTimeOffset? best = null;
        foreach (var due in _fixture.SeededDues)
        {
            if (best is null || due < best) best = due;
        }
        return best;
    }
}
