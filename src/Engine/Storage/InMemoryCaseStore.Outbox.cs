namespace OneStop.Engine.Storage;

public sealed partial class InMemoryCaseStore
{
    // Undelivered messages (pending and dead) in commit order, as a list linked through the entries (no tree node
    // per message); delivered ones are unlinked but their ids are remembered so a message id can never be committed twice.
    private OutboxEntry? _outboxFirst;
    private OutboxEntry? _outboxLast;
    // Every committed message id: undelivered ones map to their entry, delivered ones to null (one table, not two).
    private readonly Dictionary<string, OutboxEntry?> _outboxById = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var result = new List<PendingMessage>();
        var blocked = new HashSet<string>(StringComparer.Ordinal);
        lock (_gate)
        {
            for (var entry = _outboxFirst; entry is not null; entry = entry.Next)
            {
                if (result.Count == limit) break;
                var caseNumber = entry.Message.CaseNumber;
                if (blocked.Contains(caseNumber)) continue;
                // A dead or backing-off message holds back every later message of its case.
                if (entry.Dead || entry.NextAttemptAt > now)
                {
                    blocked.Add(caseNumber);
                    continue;
                }
                result.Add(entry.ToPending());
            }
        }
        return Task.FromResult<IReadOnlyList<PendingMessage>>(result);
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (_gate)
        {
            foreach (var id in messageIds)
            {
                if (_outboxById.TryGetValue(id, out var entry) && entry is not null)
                {
                    Unlink(entry);
                    _outboxById[id] = null;
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(error);
        lock (_gate)
        {
            if (_outboxById.TryGetValue(messageId, out var entry) && entry is not null)
            {
                entry.Attempts++;
                entry.NextAttemptAt = nextAttemptAt;
                entry.LastError = error;
                entry.Dead = dead;
            }
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_gate)
        {
            var result = new List<PendingMessage>();
            for (var entry = _outboxFirst; entry is not null && result.Count < limit; entry = entry.Next)
            {
                if (entry.Dead) result.Add(entry.ToPending());
            }
            return Task.FromResult<IReadOnlyList<PendingMessage>>(result);
        }
    }

    /// <inheritdoc />
    public Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        lock (_gate)
        {
            if (!_outboxById.TryGetValue(messageId, out var entry) || entry is not { Dead: true }) return Task.FromResult(false);
            entry.Dead = false;
            entry.Attempts = 0;
            entry.NextAttemptAt = DateTimeOffset.MinValue;
            return Task.FromResult(true);
        }
    }

    // Called under _gate after all checks passed.
    private void Enqueue(OutboxMessage message)
    {
        var entry = new OutboxEntry(message) { Previous = _outboxLast };
        if (_outboxLast is null) _outboxFirst = entry;
        else _outboxLast.Next = entry;
        _outboxLast = entry;
        _outboxById.Add(message.MessageId, entry);
    }

    // Called under _gate.
    private void Unlink(OutboxEntry entry)
    {
        if (entry.Previous is null) _outboxFirst = entry.Next;
        else entry.Previous.Next = entry.Next;
        if (entry.Next is null) _outboxLast = entry.Previous;
        else entry.Next.Previous = entry.Previous;
        entry.Previous = entry.Next = null;
    }

    private sealed class OutboxEntry(OutboxMessage message)
    {
        public OutboxMessage Message { get; } = message;
        public OutboxEntry? Previous { get; set; }
        public OutboxEntry? Next { get; set; }
        public int Attempts { get; set; }
        public DateTimeOffset NextAttemptAt { get; set; } = DateTimeOffset.MinValue;
        public string? LastError { get; set; }
        public bool Dead { get; set; }

        public PendingMessage ToPending() => new(Message, Attempts, LastError);
    }
}
