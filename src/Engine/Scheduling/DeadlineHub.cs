using OneStop.Engine.Clocks;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Scheduling;

/// <summary>Delivers the <c>deadline</c> outbox channel to the DI-registered handlers and to programmatic subscribers.
/// Every handler is called; if any throws, the message fails and the outbox redelivers it (same event id) to all.</summary>
internal sealed class DeadlineHub(IEnumerable<IDeadlineHandler> handlers) : IOutboxChannelHandler
{
    private readonly IDeadlineHandler[] _registered = [.. handlers];
    private IDeadlineHandler[] _subscribed = [];
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public string Channel => DeadlineFirer.Channel;

    /// <summary>Adds a subscriber until the result is disposed.</summary>
    public IDisposable Subscribe(IDeadlineHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        lock (_gate) _subscribed = [.. _subscribed, handler];
        return new Subscription(this, handler);
    }

    /// <inheritdoc />
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var deadline = DeadlineEventJson.Deserialize(message.Payload.Span)
            ?? throw new InvalidOperationException($"Deadline message {message.MessageId} is empty.");
        List<Exception>? errors = null;
        foreach (var handler in (IDeadlineHandler[])[.. _registered, .. Volatile.Read(ref _subscribed)])
        {
            try
            {
                await handler.HandleAsync(deadline, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The others still get the event; the failure makes the outbox deliver it again to all.
                (errors ??= []).Add(ex);
            }
        }
        if (errors is not null) throw new AggregateException($"Deadline event {deadline.EventId}: {errors.Count} handler(s) failed; it will be delivered again.", errors);
    }

    private void Remove(IDeadlineHandler handler)
    {
        lock (_gate)
        {
            var k = Array.IndexOf(_subscribed, handler);
            if (k >= 0) _subscribed = [.. _subscribed[..k], .. _subscribed[(k + 1)..]];
        }
    }

    private sealed class Subscription(DeadlineHub hub, IDeadlineHandler handler) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) hub.Remove(handler);
        }
    }
}
