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
        Assert.Equal([1L, 3L], acted.Order());
    }

    [Fact]
    public async Task RunAsync_ActingFamilies_LongestExpectedChainFirstThenByKey()
    {
        // A delivery (deliver, then usually the rating) outweighs an acceptance; a due deadline adds a commit; equal
        // weights keep the plan's key order, so the order is still fixed.
        RoundFamily Family(int key, CasePhase phase, int due = 0)
        {
            var family = Acting(key);
            family.Run!.Phase = phase;
            for (var i = 0; i < due; i++) family.DueCases.Add("D-" + key + "-" + i);
            return family;
        }
        var started = new List<long>();

        await RoundLanes.RunAsync(
            [Family(1, CasePhase.Evaluate), Family(2, CasePhase.Deliver), Family(3, CasePhase.Accept, due: 1), Family(4, CasePhase.Accept), Family(5, CasePhase.Accept)],
            drivers: 1,
            (family, ct) =>
            {
                started.Add(family.Key);
                return ValueTask.CompletedTask;
            },
            (family, ct) => ValueTask.CompletedTask,
            CancellationToken.None);

        Assert.Equal([3L, 2L, 4L, 5L, 1L], started);
    }
}
