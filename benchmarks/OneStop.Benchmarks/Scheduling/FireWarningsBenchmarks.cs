using BenchmarkDotNet.Attributes;

namespace OneStop.Benchmarks.Scheduling;

/// <summary>With 1,000,000 open cases in the in-memory store, fire 100,000 due warnings: each is a full command (load
/// and deserialize the snapshot, record the firing, write the deadline event to the outbox, commit).</summary>
[MemoryDiagnoser]
[SchedulingJob(monitoring: true)]
public class FireWarningsBenchmarks
{
    private const int Warnings = 100_000;
    private SchedulingFixture _fixture = null!;

    /// <summary>Seeds 1,000,000 open cases that are not due.</summary>
    [GlobalSetup]
    public void Setup() => _fixture = new SchedulingFixture(1_000_000);

    /// <summary>Adds a fresh batch of 100,000 cases whose Reminder is due.</summary>
    [IterationSetup]
    public void SeedDue() => _fixture.SeedDueWarnings(Warnings);

    /// <summary>Releases the store.</summary>
    [GlobalCleanup]
    public void Cleanup() => _fixture.Dispose();

    /// <summary>Fires every due warning (100,000).</summary>
    [Benchmark(OperationsPerInvoke = Warnings)]
    public async Task<int> Fire100kDueWarnings()
    {
        var fired = await _fixture.Scheduler.RunDueAsync(SchedulingFixture.Now);
        if (fired != Warnings) throw new InvalidOperationException($"fired {fired}, expected {Warnings}");
        return fired;
    }
}
