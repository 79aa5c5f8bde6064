using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>Internal extension point: delivers outbox messages of a channel the runtime itself does not route
/// (deadline events, alerts). A message on a channel nobody handles fails and is retried, then parked as dead.</summary>
internal interface IOutboxChannelHandler
{
    /// <summary>The channel handled.</summary>
    string Channel { get; }

    /// <summary>Delivers one message; throwing makes the outbox retry.</summary>
    Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}
