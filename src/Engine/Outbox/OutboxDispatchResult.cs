namespace OneStop.Engine.Outbox;

/// <summary>What one dispatch round did.</summary>
/// <param name="Delivered">Messages delivered and marked so.</param>
/// <param name="Failed">Failed attempts that will be retried after a backoff.</param>
/// <param name="Dead">Messages parked as dead in this round.</param>
public readonly record struct OutboxDispatchResult(int Delivered, int Failed, int Dead)
{
    /// <summary>True when the round found nothing to do.</summary>
    public bool IsIdle => Delivered == 0 && Failed == 0 && Dead == 0;
}
