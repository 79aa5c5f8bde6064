using OneStop.Engine.Storage;

namespace OneStop.Engine.Outbox;

/// <summary>Where the outbox dispatcher hands committed messages: the host side (the runtime maps each
/// <see cref="OutboxMessage.Channel"/> to its typed sink). Delivery is at least once: a message may arrive again
/// after a crash or a failed acknowledgement, so receivers deduplicate by <see cref="OutboxMessage.MessageId"/>.</summary>
public interface IOutboxDelivery
{
    /// <summary>Delivers one message. Throwing counts as a failed attempt: the message is retried with backoff
    /// and parked as dead after the configured number of attempts; later messages of its case wait meanwhile.</summary>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
