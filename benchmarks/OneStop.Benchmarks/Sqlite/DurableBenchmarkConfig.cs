using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace OneStop.Benchmarks.Sqlite;

/// <summary>One warm-up and five measured invocations, each a whole batch of durable actions, run in-process: on a
/// busy shared machine the separate benchmark executable sometimes takes longer to build than BenchmarkDotNet allows.</summary>
internal sealed class DurableBenchmarkConfig : ManualConfig
{
    public DurableBenchmarkConfig() =>
        AddJob(Job.Default.WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5).WithInvocationCount(1).WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
}
