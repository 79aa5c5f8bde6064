namespace OneStop.Engine;

/// <summary>Host hook: receives supervision alerts (new ones and lifecycle changes). Called only after the write
/// committed, through the outbox, at least once: deduplicate by <see cref="AlertArguments.MessageId"/>. An exception
/// makes the outbox retry with backoff and finally park the message as dead (never lost).</summary>
public interface ISupervisionSink
{
    /// <summary>Delivers one alert message.</summary>
    ValueTask SendAsync(AlertArguments arguments, CancellationToken cancellationToken);
}
