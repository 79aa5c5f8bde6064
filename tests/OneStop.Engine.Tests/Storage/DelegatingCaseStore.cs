using OneStop.Engine.Storage;

namespace OneStop.Engine.Tests.Storage;

/// <summary>A store that hands every call to <see cref="Inner"/>: the tests' counting, gating and checking stores
/// override only the calls they watch.</summary>
internal abstract class DelegatingCaseStore(ICaseStore inner) : ICaseStore
{
    protected ICaseStore Inner { get; } = inner;

    public virtual Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default) => Inner.CommitAsync(commit, cancellationToken);
    public virtual Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default) => Inner.GetCaseAsync(caseNumber, cancellationToken);
    public virtual Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default) => Inner.GetCaseRowAsync(caseNumber, cancellationToken);
    public virtual Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default) =>
        Inner.ReadEventsAsync(caseNumber, afterSequence, cancellationToken);
    public virtual Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default) => Inner.GetCommandAsync(idempotencyKey, cancellationToken);
    public virtual Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default) => Inner.GetDefinitionAsync(contentHash, cancellationToken);
    public virtual Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default) => Inner.GetNextDueAsync(cancellationToken);
    public virtual Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default) => Inner.FindDueAsync(upTo, limit, cancellationToken);
    public virtual Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default) => Inner.ListTasksAsync(query, cancellationToken);
    public virtual Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default) => Inner.SearchCasesAsync(query, cancellationToken);
    public virtual Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default) =>
        Inner.GetPendingMessagesAsync(now, limit, cancellationToken);
    public virtual Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default) => Inner.MarkDeliveredAsync(messageIds, cancellationToken);
    public virtual Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default) =>
        Inner.MarkFailedAsync(messageId, nextAttemptAt, error, dead, cancellationToken);
    public virtual Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default) => Inner.ListDeadMessagesAsync(limit, cancellationToken);
    public virtual Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default) => Inner.RetryDeadMessageAsync(messageId, cancellationToken);
}
