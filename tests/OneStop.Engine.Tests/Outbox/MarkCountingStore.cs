using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Outbox;

/// <summary>An in-memory store that counts <see cref="ICaseStore.MarkDeliveredAsync"/> writes and can hold them until
/// <see cref="Hold"/> is completed.</summary>
internal sealed class MarkCountingStore(InMemoryCaseStore inner) : ICaseStore
{
    private int _marks;

    public int Marks => Volatile.Read(ref _marks);

    /// <summary>When set, every mark waits for it before it writes.</summary>
    public TaskCompletionSource? Hold { get; set; }

    public async Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _marks);
        if (Hold is { } hold) await hold.Task.ConfigureAwait(false);
        await inner.MarkDeliveredAsync(messageIds, cancellationToken).ConfigureAwait(false);
    }

    public Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default) => inner.GetCaseAsync(caseNumber, cancellationToken);
    public Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default) => inner.GetCaseRowAsync(caseNumber, cancellationToken);
    public Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        inner.ReadEventsAsync(caseNumber, afterSequence, cancellationToken);
    public Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default) => inner.GetCommandAsync(idempotencyKey, cancellationToken);
    public Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => inner.CommitAsync(commit, cancellationToken);
    public Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default) => inner.GetDefinitionAsync(contentHash, cancellationToken);
    public Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => inner.GetNextDueAsync(cancellationToken);
    public Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) =>
        inner.FindDueAsync(upTo, limit, cancellationToken);
    public Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) => inner.ListTasksAsync(query, cancellationToken);
    public Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default) => inner.SearchCasesAsync(query, cancellationToken);
    public Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        inner.GetPendingMessagesAsync(now, limit, cancellationToken);
    public Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default) =>
        inner.MarkFailedAsync(messageId, nextAttemptAt, error, dead, cancellationToken);
    public Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default) => inner.ListDeadMessagesAsync(limit, cancellationToken);
    public Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default) => inner.RetryDeadMessageAsync(messageId, cancellationToken);
}
