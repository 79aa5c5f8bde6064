using BenchmarkDotNet.Attributes;
using OneStop.Engine.Storage;

namespace OneStop.Benchmarks.Scheduling;

/// <summary>With 1,000,000 open cases in the in-memory store: find the next due instant (what the worker asks before
/// every sleep) and the first batch of due cases.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class NextDueBenchmarks
{
    private SchedulingFixture _fixture = null!;
    private readonly DateTimeOffset _upTo = new(2026, 1, 2, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Seeds the store.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _fixture = new SchedulingFixture(1_000_000);
        Console.WriteLine($"// managed heap after seeding 1,000,000 cases: {GC.GetTotalMemory(forceFullCollection: true) / (1024 * 1024)} MB");
    }

    /// <summary>Releases the store.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>The earliest due instant over all cases.</summary>
    [Benchmark]
    public Task<DateTimeOffset?> NextDueInstant() => _fixture.Store.GetNextDueAsync();

    /// <summary>The scheduler's batch query: the first 256 due cases, earliest first.</summary>
    [Benchmark]
    public Task<IReadOnlyList<CaseRecord>> FindDueBatch() => _fixture.Store.FindDueAsync(_upTo, 256);
}
