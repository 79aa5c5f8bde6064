using OneStop.Engine.Storage;

namespace OneStop.Engine.Outbox;

/// <summary>Optional companion of an <see cref="IOutboxDelivery"/>: a message that carries its own retry budget
/// (a <c>service</c> step's <c>attempts</c>) names it here, and the <see cref="OutboxDispatcher"/> parks that message as
/// dead after so many failed attempts instead of after <see cref="OutboxDispatcherOptions.MaxAttempts"/>.
/// Asked only after a failed delivery, so a delivery that never fails pays nothing for it.</summary>
internal interface IOutboxAttemptLimit
{
    /// <summary>Failed attempts after which <paramref name="message"/> is dead (at least 1), or null for the dispatcher's default.</summary>
    int? MaxAttemptsOf(OutboxMessage message);
}
