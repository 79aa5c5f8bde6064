using OneStop.Engine.Scheduling;

namespace OneStop.Cli.Simulation;

/// <summary>Runs a round's families in two lanes. A family whose case acts takes one of the drivers' places
/// (<c>--concurrency</c>) and fires its own deadlines after the action. A family with only deadlines due has no driver:
/// the scheduler fires them beside the drivers, as many cases at once as its own deadline pass
/// (<see cref="DeadlineScheduler.MaxConcurrentCases"/>). A firing is a commit that waits for its group like a command
/// (a fifth of the drivers' time, session 20); in a driver's place it kept a driver from acting, while beside the
/// drivers its commit joins their groups.</summary>
internal static class RoundLanes
{
    /// <summary>Runs every family: <paramref name="act"/> for those with a run, <paramref name="fire"/> for the others.</summary>
    public static Task RunAsync(IReadOnlyList<RoundFamily> families, int drivers, Func<RoundFamily, CancellationToken, ValueTask> act,
        Func<RoundFamily, CancellationToken, ValueTask> fire, CancellationToken cancellationToken)
    {
        var acting = new List<RoundFamily>(families.Count);
        var firing = new List<RoundFamily>();
        foreach (var family in families) (family.Run is null ? firing : acting).Add(family);
        // Longest chains first: a round ends when its last family does, so a two-command family started last leaves the
        // other drivers' places empty for a whole commit. The families are in key order, and the sort keeps that order
        // among equal weights, so the order is still fixed by the seed.
        acting.Sort(static (a, b) => a.Weight != b.Weight ? b.Weight.CompareTo(a.Weight) : a.Key.CompareTo(b.Key));
        return Task.WhenAll(
            Lane(acting, drivers, act, cancellationToken),
            Lane(firing, DeadlineScheduler.MaxConcurrentCases, fire, cancellationToken));
    }

    private static Task Lane(List<RoundFamily> families, int places, Func<RoundFamily, CancellationToken, ValueTask> body, CancellationToken cancellationToken) =>
        families.Count == 0
            ? Task.CompletedTask
            : Parallel.ForEachAsync(families, new ParallelOptions { MaxDegreeOfParallelism = places, CancellationToken = cancellationToken }, body);
}
