using OneStop.Engine.Storage;

namespace OneStop.Cli.Simulation;

/// <summary>The store as a round's closing pass sees the outbox: only messages committed at or before the round's
/// instant (the <c>now</c> the dispatcher asks with) are pending. The next round's independent families commit while
/// the pass runs; their messages (stamped with the next round's instant) wait for that round's pass, as they would if
/// the rounds ran one after the other. Everything else goes to the store as it is.</summary>
internal sealed class RoundOutboxStore(ICaseStore inner) : ICaseStore
{
    private Action<IReadOnlyList<PendingMessage>, bool>? _nextRead;

    /// <summary>Shows the next read's answer to <paramref name="look"/> before the reader gets it, with whether it filled
    /// its limit (more may be pending). Once.</summary>
    public void OnNextRead(Action<IReadOnlyList<PendingMessage>, bool> look) => Volatile.Write(ref _nextRead, look);

    /// <inheritdoc />
    public async Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        for (var asked = limit; ; asked = asked > int.MaxValue / 2 ? int.MaxValue : asked * 2)
        {
            var pending = await inner.GetPendingMessagesAsync(now, asked, cancellationToken).ConfigureAwait(false);
            var kept = new List<PendingMessage>(Math.Min(pending.Count, limit));
            HashSet<string>? later = null;
            foreach (var p in pending)
            {
                // A case's messages stay in commit order: after one of a later round, none of that case goes out.
                if (later is not null && later.Contains(p.Message.CaseNumber)) continue;
                if (p.Message.CreatedAt > now)
                {
                    (later ??= new HashSet<string>(StringComparer.Ordinal)).Add(p.Message.CaseNumber);
                    continue;
                }
                kept.Add(p);
                if (kept.Count == limit) return Shown(kept, full: true);
            }
            // The store had no more than it returned: what is kept is all there is.
            if (pending.Count < asked || asked == int.MaxValue) return Shown(kept, full: false);
        }
    }

    private List<PendingMessage> Shown(List<PendingMessage> pending, bool full)
    {
        Interlocked.Exchange(ref _nextRead, null)?.Invoke(pending, full);
        return pending;
    }

    /// <inheritdoc />
    public Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default) =>
        inner.MarkDeliveredAsync(messageIds, cancellationToken);

    /// <inheritdoc />
    public Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default) =>
        inner.MarkFailedAsync(messageId, nextAttemptAt, error, dead, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default) =>
        inner.ListDeadMessagesAsync(limit, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default) =>
        inner.RetryDeadMessageAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default) => inner.GetCaseAsync(caseNumber, cancellationToken);

    /// <inheritdoc />
    public Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default) => inner.GetCaseRowAsync(caseNumber, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(caseNumber, afterSequence, cancellationToken);

    /// <inheritdoc />
    public Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        inner.GetCommandAsync(idempotencyKey, cancellationToken);

    /// <inheritdoc />
    public Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);

    /// <inheritdoc />
    public Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default) =>
        inner.GetDefinitionAsync(contentHash, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => inner.GetNextDueAsync(cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) =>
        inner.FindDueAsync(upTo, limit, cancellationToken);

    /// <inheritdoc />
    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) => inner.ListTasksAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default) =>
        inner.SearchCasesAsync(query, cancellationToken);
}
