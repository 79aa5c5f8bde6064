using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OneStop.Benchmarks.Scheduling;

/// <summary>One short in-process job (1 warm-up, 3 iterations) for the 1,000,000-case suites: in-process so the
/// seeded store is built once per run and shared by every benchmark of a suite, which keeps a run within ~3 minutes.
/// No forced GC between iterations (see below). <see cref="Monitoring"/> runs each iteration as a single invocation (for the 100,000-firing batches).</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SchedulingJobAttribute(bool monitoring = false) : Attribute, IConfigSource
{
    /// <summary>True for one invocation per iteration.</summary>
    public bool Monitoring => monitoring;

    /// <inheritdoc />
    public IConfig Config { get; } = ManualConfig.CreateEmpty().AddJob(Create(monitoring));

    private static Job Create(bool monitoring)
    {
        var job = new Job("Scheduling")
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(3)
            // A forced full collection between iterations walks the ~600 MB seeded heap each time (seconds on a busy box);
            // the allocation column comes from the memory diagnoser, not from these collections.
            .WithGcForce(false);
        return monitoring ? job.WithStrategy(RunStrategy.Monitoring).WithInvocationCount(1).WithUnrollFactor(1) : job;
    }
}
