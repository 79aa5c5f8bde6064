namespace OneStop.Engine;

/// <summary>Receives deadline events (reminders, yellow and red warnings, timeouts). Register with
/// <c>AddDeadlineHandler</c> or subscribe with <see cref="IDeadlineScheduler.Subscribe(IDeadlineHandler)"/>.</summary>
/// <remarks>Delivery is at least once, after commit, in order per case. A handler that throws makes the outbox
/// retry the event (with backoff) for every handler, so handlers must deduplicate by <see cref="DeadlineEvent.EventId"/>.</remarks>
public interface IDeadlineHandler
{
    /// <summary>Handles one deadline event.</summary>
    ValueTask HandleAsync(DeadlineEvent deadline, CancellationToken cancellationToken);
}
