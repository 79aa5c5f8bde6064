using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using OneStop.Engine.Outbox;
using OneStop.Engine.Serialization;
using OneStop.Engine.Storage;

namespace OneStop.Engine.Pipeline;

/// <summary>Routes committed outbox messages: notices to the host's sinks, service calls to handlers (whose
/// answer becomes a completion command), subcase starts to new child cases and child outcomes back to the parent.
/// Commands it issues use idempotency keys derived from the message id, so a redelivery changes nothing.
/// A service call's retry budget is its step's <c>attempts</c>, carried in the message.</summary>
internal sealed partial class EngineOutboxDelivery(CaseEngine engine, IEnumerable<INotificationSink> sinks, IEnumerable<IServiceHandler> services,
    IEnumerable<IOutboxChannelHandler> channels, ILogger logger) : IOutboxDelivery, IOutboxAttemptLimit
{
    private readonly FrozenDictionary<string, IOutboxChannelHandler> _channels = channels.ToFrozenDictionary(c => c.Channel, StringComparer.Ordinal);
    private const string SystemActor = "system";
    private readonly INotificationSink[] _sinks = [.. sinks];
    private readonly FrozenDictionary<string, IServiceHandler> _services = services.ToFrozenDictionary(s => s.Name, StringComparer.Ordinal);

    /// <inheritdoc />
    public async Task DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        switch (message.Channel)
        {
            case Channels.Notification:
            {
                if (_sinks.Length == 0) return;
                // A message that still holds the engine's notice (the in-memory store) hands it over as it is: a notice is
                // immutable, and its bytes would read back equal. Stored bytes are read as before.
                var notification = message.Content.Value as Notification ?? JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.Notification)!;
                foreach (var sink in _sinks) await sink.SendAsync(new NotificationArguments(message.MessageId, notification), cancellationToken).ConfigureAwait(false);
                return;
            }
            case Channels.Service:
                await CallServiceAsync(message, cancellationToken).ConfigureAwait(false);
                return;
            case Channels.Subcase when message.Type == "start":
            {
                var start = JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.SubcaseStartMessage)!;
                await engine.SubmitCoreAsync(new SubmitCase(start.ItemCode, start.Applicant, SystemActor, "subcase:" + message.MessageId)
                {
                    ItemVersion = start.ItemVersion, Form = start.Form, Materials = FilterMaterials(start),
                }, start, cancellationToken).ConfigureAwait(false);
                return;
            }
            case Channels.Subcase:
            {
                var done = JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.SubcaseDoneMessage)!;
                await CompleteQuietlyAsync(new CompleteSubcase(done.ParentCase, SystemActor, "subcase-done:" + message.MessageId,
                    done.Node, done.Token, done.ChildCase, done.Outcome), cancellationToken).ConfigureAwait(false);
                return;
            }
            default:
                if (_channels.TryGetValue(message.Channel, out var channel))
                {
                    await channel.DeliverAsync(message, cancellationToken).ConfigureAwait(false);
                    return;
                }
                LogUnrouted(message.MessageId, message.Channel);
                throw new InvalidOperationException($"No handler for outbox channel '{message.Channel}' (message {message.MessageId}).");
        }
    }

    /// <inheritdoc />
    public int? MaxAttemptsOf(OutboxMessage message)
    {
        if (message.Channel != Channels.Service) return null;
        try
        {
            return JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.ServiceRequestMessage)?.MaxAttempts;
        }
        catch (JsonException)
        {
            // A payload that cannot be read fails every delivery anyway; the global maximum parks it.
            return null;
        }
    }

    private List<string> FilterMaterials(SubcaseStartMessage start)
    {
        // Only materials the child item knows are handed over.
        var result = new List<string>();
        if (!engine.Catalogue.TryGetLatest(start.ItemCode, out var child)) return result;
        foreach (var m in start.Materials)
        {
            if (child.Schema.TryGetMaterial(m, out _)) result.Add(m);
        }
        return result;
    }

    private async Task CallServiceAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize(message.Payload.Span, EngineJsonContext.Default.ServiceRequestMessage)!;
        if (!_services.TryGetValue(request.Handler, out var handler))
            throw new InvalidOperationException($"No service handler named '{request.Handler}' is registered (case {request.CaseNumber}, step {request.StepId}).");
        var (snapshot, _, _) = await engine.LoadAsync(request.CaseNumber, cancellationToken).ConfigureAwait(false);
        var result = await handler.HandleAsync(new ServiceCallArguments(message.MessageId, request.CaseNumber, request.StepId, request.Handler,
            snapshot.ItemCode, snapshot.Form, snapshot.Materials), cancellationToken).ConfigureAwait(false);
        await CompleteQuietlyAsync(new CompleteService(request.CaseNumber, SystemActor, "service:" + message.MessageId,
            request.Node, request.Token, result.Approved, result.Message), cancellationToken).ConfigureAwait(false);
    }

    private async Task CompleteQuietlyAsync(CaseCommand command, CancellationToken cancellationToken)
    {
        try
        {
            await engine.ExecuteAsync(command, cancellationToken).ConfigureAwait(false);
        }
        catch (IllegalActionException ex)
        {
            // The case closed meanwhile (withdrawn, terminated, decided): the answer has nowhere to go.
            LogDropped(command.CaseNumber, ex.State);
        }
    }

    [LoggerMessage(EventId = 200, Level = LogLevel.Warning, Message = "Outbox message {MessageId} on channel {Channel} has no handler; it will be retried.")]
    private partial void LogUnrouted(string messageId, string channel);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Answer for case {CaseNumber} dropped: the case is {State}.")]
    private partial void LogDropped(string caseNumber, CaseState state);
}
