using System.Text.Json;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Supervision;

/// <summary>Delivers outbox messages of the <c>alert</c> channel to every registered <see cref="ISupervisionSink"/>.
/// With no sink registered the messages are simply marked delivered (the alerts stay queryable in the store).</summary>
internal sealed class AlertChannelHandler(IEnumerable<ISupervisionSink> sinks) : IOutboxChannelHandler
{
    private readonly ISupervisionSink[] _sinks = [.. sinks];

    /// <inheritdoc />
    public string Channel => AlertFactory.Channel;

    /// <inheritdoc />
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (_sinks.Length == 0) return;
        var alert = JsonSerializer.Deserialize(message.Payload.Span, SupervisionJsonContext.Default.Alert)
            ?? throw new InvalidOperationException($"Alert message {message.MessageId} has an empty payload.");
        foreach (var sink in _sinks) await sink.SendAsync(new AlertArguments(message.MessageId, alert), cancellationToken).ConfigureAwait(false);
    }
}
