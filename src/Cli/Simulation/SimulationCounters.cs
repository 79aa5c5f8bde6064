using System.Collections.Concurrent;
using OneStop.Definitions;
using OneStop.Engine;

namespace OneStop.Cli.Simulation;

/// <summary>What the run did, counted as it happens. Thread-safe.</summary>
internal sealed class SimulationCounters : ISupervisionSink
{
    private readonly long[] _byKind = new long[4];
    private long _commands, _corrections, _returns, _suspensions, _withdrawals, _denials, _evaluations, _badEvaluations;
    private long _subcaseSearches, _subcaseIndexLooks;
    private long _delivered, _subcasesAccepted, _resyncs, _refused, _stuck, _lateActions, _deadlineEvents, _timeouts;

    /// <summary>Alerts raised, by rule id.</summary>
    public ConcurrentDictionary<string, long> AlertsByRule { get; } = new(StringComparer.Ordinal);

    /// <summary>Deadline events delivered, by level and whether they were the timeout.</summary>
    public ConcurrentDictionary<string, long> DeadlinesByLevel { get; } = new(StringComparer.Ordinal);

    public long Commands => Interlocked.Read(ref _commands);
    public long Corrections => Interlocked.Read(ref _corrections);
    public long Returns => Interlocked.Read(ref _returns);
    public long Suspensions => Interlocked.Read(ref _suspensions);
    public long Withdrawals => Interlocked.Read(ref _withdrawals);
    public long Denials => Interlocked.Read(ref _denials);
    public long Evaluations => Interlocked.Read(ref _evaluations);
    public long BadEvaluations => Interlocked.Read(ref _badEvaluations);
    public long Delivered => Interlocked.Read(ref _delivered);
    public long SubcasesAccepted => Interlocked.Read(ref _subcasesAccepted);
    public long Resyncs => Interlocked.Read(ref _resyncs);
    /// <summary>Waiting cases' looks for their subcases: through the store's search, and from the subcase index.</summary>
    public long SubcaseSearches => Interlocked.Read(ref _subcaseSearches);
    public long SubcaseIndexLooks => Interlocked.Read(ref _subcaseIndexLooks);
    public long Refused => Interlocked.Read(ref _refused);
    public long Stuck => Interlocked.Read(ref _stuck);
    public long LateActions => Interlocked.Read(ref _lateActions);
    public long DeadlineEvents => Interlocked.Read(ref _deadlineEvents);
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Cases filed by kind.</summary>
    public long Filed(ItemKind kind) => Interlocked.Read(ref _byKind[(int)kind]);

    public void Command() => Interlocked.Increment(ref _commands);
    public void FiledCase(ItemKind kind) => Interlocked.Increment(ref _byKind[(int)kind]);
    public void Correction() => Interlocked.Increment(ref _corrections);
    public void Return() => Interlocked.Increment(ref _returns);
    public void Suspension() => Interlocked.Increment(ref _suspensions);
    public void Withdrawal() => Interlocked.Increment(ref _withdrawals);
    public void Denial() => Interlocked.Increment(ref _denials);
    public void Delivery() => Interlocked.Increment(ref _delivered);
    public void SubcaseAccepted() => Interlocked.Increment(ref _subcasesAccepted);
    public void Resync() => Interlocked.Increment(ref _resyncs);
    public void SubcaseLook(bool fromIndex) => Interlocked.Increment(ref fromIndex ? ref _subcaseIndexLooks : ref _subcaseSearches);
    public void RefusedCommand() => Interlocked.Increment(ref _refused);
    /// <summary>Numbers of cases the driver gave up waiting on (first 20).</summary>
    public ConcurrentQueue<string> StuckCases { get; } = new();

    public void StuckCase(string caseNumber)
    {
        if (Interlocked.Increment(ref _stuck) <= 20) StuckCases.Enqueue(caseNumber);
    }
    public void LateAction() => Interlocked.Increment(ref _lateActions);

    public void Evaluation(int rating)
    {
        Interlocked.Increment(ref _evaluations);
        if (rating <= 2) Interlocked.Increment(ref _badEvaluations);
    }

    /// <summary>Counts a delivered deadline event.</summary>
    public ValueTask OnDeadline(DeadlineEvent e, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deadlineEvents);
        if (e.IsTimeout) Interlocked.Increment(ref _timeouts);
        DeadlinesByLevel.AddOrUpdate(e.IsTimeout ? "Timeout" : e.Level.ToString(), 1, (_, n) => n + 1);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask SendAsync(AlertArguments arguments, CancellationToken cancellationToken)
    {
        // Lifecycle changes (acknowledged, resolved) come through the same sink; count each alert once, when raised.
        if (arguments.Alert.Status == AlertStatus.Raised) AlertsByRule.AddOrUpdate(arguments.Alert.RuleId, 1, (_, n) => n + 1);
        return ValueTask.CompletedTask;
    }
}
