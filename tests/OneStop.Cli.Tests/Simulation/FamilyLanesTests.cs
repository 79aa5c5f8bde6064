using OneStop.Cli.Simulation;

namespace OneStop.Cli.Tests.Simulation;

public sealed class FamilyLanesTests
{
    private static readonly DateTimeOffset Start = new(2025, 9, 15, 1, 30, 0, TimeSpan.Zero);
    private static readonly GeneratedCatalogue Catalogue = CatalogueGenerator.Generate(40, 4, 5);

    private static RoundFamily Acting(int index)
    {
        var byKind = Catalogue.Items.GroupBy(i => i.Kind).ToDictionary(g => g.Key, g => g.ToArray());
        var script = CaseScript.Create(5, index, 100, 4, byKind);
        return new RoundFamily(index) { Run = new CaseRun(script, script.RunRandom(5)) };
    }

    private static RoundFamily DeadlinesOnly(int key, params string[] cases)
    {
        var family = new RoundFamily(key);
        family.DueCases.AddRange(cases);
        return family;
    }

    [Fact]
    public async Task Post_MoreActingFamiliesThanDrivers_AtMostDriversAtOnceAndDeadlineFamiliesBeside()
    {
        var clock = new SimulationClock(Start, TimeZoneInfo.Utc);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var twoActing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var deadlines = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var lanes = new FamilyLanes(2, 1, clock, async (work, family, ct) =>
        {
            if (family.Run is null)
            {
                deadlines.TrySetResult(clock.GetUtcNow());
                return (false, family.DueCases.Count);
            }
            if (Interlocked.Increment(ref started) == 2) twoActing.TrySetResult();
            await release.Task;
            return (true, 0);
        }, CancellationToken.None);
        var round = new RoundWork(4, Start.AddHours(2));

        foreach (var i in new[] { 1, 2, 3 }) lanes.Post(round, Acting(i));
        lanes.Post(round, DeadlinesOnly(9, "X-1", "X-1-1"));
        round.Seal();
        await twoActing.Task;

        // Both drivers wait; the deadline family ran beside them, at its round's instant.
        Assert.Equal(Start.AddHours(2), await deadlines.Task);
        Assert.Equal(2, Volatile.Read(ref started));
        Assert.False(round.Done.IsCompleted);
        release.SetResult();
        await round.Done;
        Assert.Equal(3, Volatile.Read(ref started));
        Assert.Equal(3, round.Finished);
        Assert.Equal(2, round.Fired);
        Assert.Equal(3, round.Acting);
        Assert.Equal([1L, 2L, 3L, 9L], round.Keys.Order());
        await lanes.CompleteAsync();
    }

    [Fact]
    public async Task Done_RoundNotSealed_StaysOpenAfterItsFamiliesAndAFailedFamilyFaultsIt()
    {
        var clock = new SimulationClock(Start, TimeZoneInfo.Utc);
        var seen = new List<(long Key, DateTimeOffset At)>();
        var lanes = new FamilyLanes(1, 1, clock, (work, family, ct) =>
        {
            lock (seen) seen.Add((family.Key, clock.GetUtcNow()));
            if (family.Key == 2) throw new InvalidOperationException("family 2 failed");
            return Task.FromResult((false, 0));
        }, CancellationToken.None);
        var current = new RoundWork(0, Start);
        var next = new RoundWork(1, Start.AddHours(1));

        lanes.Post(current, Acting(1));
        lanes.Post(next, Acting(7));
        next.Seal();
        // One driver takes families in the order posted: the current round's family ran before the next round's.
        await next.Done;
        Assert.False(current.Done.IsCompleted);
        lanes.Post(current, Acting(2));
        current.Seal();

        await Assert.ThrowsAsync<InvalidOperationException>(() => current.Done);
        Assert.Equal(new (long Key, DateTimeOffset At)[] { (1L, Start), (7L, Start.AddHours(1)), (2L, Start) }, seen);
        await lanes.CompleteAsync();
    }
}
