namespace OneStop.Engine;

/// <summary>Host hook for a <c>service</c> step: an automatic check against a vertical system, registered by
/// <see cref="Name"/>. Called through the outbox after commit, at least once (deduplicate by
/// <see cref="ServiceCallArguments.MessageId"/>). An exception is retried with backoff and finally parked as a
/// dead message, visible to operators; the case waits and is never lost.</summary>
public interface IServiceHandler
{
    /// <summary>The handler name the definitions use.</summary>
    string Name { get; }

    /// <summary>Handles one call.</summary>
    ValueTask<ServiceResult> HandleAsync(ServiceCallArguments arguments, CancellationToken cancellationToken);
}
