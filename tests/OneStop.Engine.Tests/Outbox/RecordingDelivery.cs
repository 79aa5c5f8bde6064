using System.Collections.Concurrent;
using OneStop.Engine.Outbox;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Outbox;

/// <summary>A delivery target that records what arrived and fails while a message id is listed in <see cref="FailIds"/>.</summary>
internal sealed class RecordingDelivery : IOutboxDelivery
{
    public ConcurrentQueue<string> Delivered { get; } = new();
    public ConcurrentDictionary<string, int> Attempts { get; } = new();
    public ConcurrentDictionary<string, bool> FailIds { get; } = new();
    public TaskCompletionSource FirstDelivery { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        Attempts.AddOrUpdate(message.MessageId, 1, (_, n) => n + 1);
        if (FailIds.ContainsKey(message.MessageId)) throw new InvalidOperationException("sink refused " + message.MessageId);
        Delivered.Enqueue(message.MessageId);
        FirstDelivery.TrySetResult();
        return Task.CompletedTask;
    }
}
