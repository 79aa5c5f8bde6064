namespace OneStop.Engine;

/// <summary>Host hook: delivers notices to applicants and staff. Called only after the command committed, through
/// the outbox, at least once: deduplicate by <see cref="NotificationArguments.MessageId"/>. An exception makes the
/// outbox retry with backoff and finally park the message as dead (never lost).</summary>
public interface INotificationSink
{
    /// <summary>Sends one notice.</summary>
    ValueTask SendAsync(NotificationArguments arguments, CancellationToken cancellationToken);
}
