using System.Collections.Concurrent;

namespace OneStop.Cli.Simulation;

/// <summary>One round's families on their way through the lanes: which families (applicants) the round touches, what its
/// families found (runs to schedule, cases finished, deadlines fired), and when the last of them is done. The round's
/// families are posted in two parts — the independent ones early, while the previous round ends, and the rest once its
/// closing pass is done — so the round holds itself open (<see cref="Seal"/>) until the second part is posted.</summary>
internal sealed class RoundWork(int round, DateTimeOffset now)
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // Families posted and not done, plus one until the round is sealed.
    private int _open = 1;
    private long _finished;
    private long _fired;

    public int Round { get; } = round;

    /// <summary>The round's instant: every command of its families carries it.</summary>
    public DateTimeOffset Now { get; } = now;

    /// <summary>Keys of the round's families (see <see cref="RoundFamily.Key"/>).</summary>
    public HashSet<long> Keys { get; } = [];

    /// <summary>The round's families, in the order posted.</summary>
    public List<RoundFamily> Families { get; } = [];

    /// <summary>Runs that go on in a later round.</summary>
    public ConcurrentQueue<CaseRun> Later { get; } = new();

    /// <summary>Case runs that finished in the round.</summary>
    public long Finished => Interlocked.Read(ref _finished);

    /// <summary>Deadlines the round's families fired.</summary>
    public long Fired => Interlocked.Read(ref _fired);

    /// <summary>Acting runs among the round's families.</summary>
    public int Acting { get; private set; }

    /// <summary>Completes when the round is sealed and every family posted is done; faults with the first family's failure.</summary>
    public Task Done => _done.Task;

    /// <summary>Counts a family in (before it is handed to a lane).</summary>
    public void Add(RoundFamily family)
    {
        Keys.Add(family.Key);
        Families.Add(family);
        if (family.Run is not null) Acting++;
        Interlocked.Increment(ref _open);
    }

    /// <summary>No more families will be added.</summary>
    public void Seal() => Close();

    public void FamilyDone(bool finished, int fired)
    {
        if (finished) Interlocked.Increment(ref _finished);
        Interlocked.Add(ref _fired, fired);
        Close();
    }

    public void FamilyFailed(Exception ex)
    {
        _done.TrySetException(ex);
        Close();
    }

    private void Close()
    {
        if (Interlocked.Decrement(ref _open) == 0) _done.TrySetResult();
    }
}
