namespace OneStop.Engine.Scheduling;

/// <summary>Adapts a delegate to <see cref="IDeadlineHandler"/>.</summary>
internal sealed class DelegateDeadlineHandler(Func<DeadlineEvent, CancellationToken, ValueTask> handler) : IDeadlineHandler
{
    /// <inheritdoc />
    public ValueTask HandleAsync(DeadlineEvent deadline, CancellationToken cancellationToken) => handler(deadline, cancellationToken);
}
