namespace OneStop.Engine;

/// <summary>Fires statutory deadlines (warnings and timeouts) and hands them to subscribers. The hosted worker calls
/// <see cref="RunAsync"/>; tests and batch hosts call <see cref="RunDueAsync"/> by hand. Resolve it from DI.</summary>
public interface IDeadlineScheduler
{
    /// <summary>Fires, in due order, every deadline due at or before <paramref name="now"/> and returns how many fired.
    /// Each firing is a command with the idempotency key <c>deadline:{case}:{clock}:{threshold}</c>, committed with its
    /// deadline event in the outbox, so a deadline fires once even across restarts and nodes. Events reach handlers when
    /// the outbox is delivered (by the outbox worker, or <see cref="ICaseEngine.ProcessOutboxAsync"/>).</summary>
    Task<int> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>The earliest instant any case's clocks need attention, or null.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Runs until cancelled: sleeps on the <see cref="TimeProvider"/> until the earliest due instant (woken at once
    /// when a commit creates an earlier one), fires what is due, and repeats. Deadlines missed while the process was
    /// down fire on the first pass.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Subscribes a handler to deadline events until the returned object is disposed.</summary>
    IDisposable Subscribe(IDeadlineHandler handler);

    /// <summary>Subscribes a delegate to deadline events until the returned object is disposed.</summary>
    IDisposable Subscribe(Func<DeadlineEvent, CancellationToken, ValueTask> handler);
}
