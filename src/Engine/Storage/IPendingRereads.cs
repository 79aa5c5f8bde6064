namespace OneStop.Engine.Storage;

/// <summary>A store whose pending read can leave out messages delivered and not yet marked, so a dispatcher can read
/// again (for the messages its deliveries caused) before it marks, and mark once for all its reads
/// (<see cref="Outbox.OutboxDispatcher.RunUntilIdleAsync"/>). A store without it is read after each mark, as before.</summary>
internal interface IPendingRereads
{
    /// <summary>The pending messages due at <paramref name="now"/>, as <see cref="ICaseStore.GetPendingMessagesAsync"/>
    /// answers, except the messages <paramref name="state"/> holds as delivered (returned by an earlier read with this
    /// state and not marked since). Each read records in the state what it returned.</summary>
    Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, PendingRereadState state, CancellationToken cancellationToken = default);
}

/// <summary>What one dispatcher's reads returned and it delivered since its last mark (used by one dispatcher at a time).
/// The store keeps the position of each message it returned; the dispatcher says which it delivered and whether any
/// failed.</summary>
internal sealed class PendingRereadState
{
    /// <summary>Store positions (the SQLite store's outbox seq) of the messages returned, by message id.</summary>
    internal Dictionary<string, long> Returned { get; } = new(StringComparer.Ordinal);

    /// <summary>Positions of the messages delivered and not yet marked: a read leaves them out.</summary>
    internal HashSet<long> Delivered { get; } = [];

    /// <summary>The store's resume point: every message above the store's own delivery watermark and at or below it
    /// was returned by a read with this state (0: none). Used only while <see cref="AllDelivered"/>.</summary>
    internal long Through { get; set; }

    /// <summary>False once a delivery failed or a read passed over a message (a case held back, or not due): then a read
    /// starts again from the watermark, so a held message still holds its case's later ones back.</summary>
    internal bool AllDelivered { get; set; } = true;

    /// <summary>Records a message returned by this state's read as delivered; false when no read with this state
    /// returned it (a later read could return it again: mark before reading).</summary>
    internal bool MarkDeliveredHere(string messageId)
    {
        if (!Returned.TryGetValue(messageId, out var position)) return false;
        Delivered.Add(position);
        return true;
    }

    /// <summary>After a mark: the marked messages are no longer pending, so the store reads from its watermark again.</summary>
    internal void Reset()
    {
        Returned.Clear();
        Delivered.Clear();
        Through = 0;
        AllDelivered = true;
    }
}
