using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

public sealed class RoundLanesTests
{
    private static RoundFamily Acting(int index) => new(index) { Run = SampleRuns.Run(index) };

    private static RoundFamily DeadlinesOnly(int key)
    {
        var family = new RoundFamily(key);
        family.DueCases.Add("X-" + key);
        return family;
    }

    [Fact]
    public async Task RunAsync_OneDriverBusy_DeadlineFamiliesFireBesideIt()
    {
        // The only driver's family waits until both deadline-only families have fired: in a driver's place they
        // would wait for it, and the round would never end.
        var fired = 0;
        var bothFired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var acted = new List<long>();

        var round = RoundLanes.RunAsync([Acting(1), DeadlinesOnly(2), Acting(3), DeadlinesOnly(4)], drivers: 1,
            async (family, ct) =>
            {
                await bothFired.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
                lock (acted) acted.Add(family.Key);
            },
            (family, ct) =>
            {
                if (Interlocked.Increment(ref fired) == 2) bothFired.TrySetResult();
                return ValueTask.CompletedTask;
            },
            CancellationToken.None);
        await round;

        Assert.Equal(2, fired);
        Assert.Equal([1L, 3L], acted);
    }
}
