namespace OneStop.Engine.Storage;

/// <summary>Storage contract every store implements (in-memory, SQLite, later PostgreSQL) and the
/// conformance suite checks. A store knows nothing of YAML or event types: payloads are opaque bytes.</summary>
public interface ICaseStore
{
    /// <summary>Loads a case row with its stored snapshot (which may be older than the row: see
    /// <see cref="CaseRecord.SnapshotVersion"/>), or null.</summary>
    Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default);

    /// <summary>Loads a case row without its snapshot bytes, or null: the same row as <see cref="GetCaseAsync"/> but with
    /// an empty <see cref="CaseRecord.Snapshot"/>, while <see cref="CaseRecord.SnapshotVersion"/> still names the stored
    /// snapshot's version. The engine reads this on every command and needs the snapshot only when its cache misses.</summary>
    Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default);

    /// <summary>Reads a case's events with sequence greater than <paramref name="afterSequence"/>, in order.</summary>
    Task<IReadOnlyList<EventRecord>> ReadEventsAsync(string caseNumber, long afterSequence = 0, CancellationToken cancellationToken = default);

    /// <summary>Finds the remembered result of a command by idempotency key, or null.</summary>
    Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default);

    /// <summary>Writes a command's effects atomically: all of it or nothing. The commit must append at least one
    /// event with dense sequences from ExpectedVersion + 1, and Case.Version must be ExpectedVersion + Events.Count
    /// (else <see cref="ArgumentException"/>), and a snapshot it carries must be at Case.Version. Open tasks replace the case's previous set; a definition already
    /// kept under the same content hash is left as it is. A commit whose <see cref="CaseRecord.Snapshot"/> is empty keeps
    /// the stored snapshot and its <see cref="CaseRecord.SnapshotVersion"/>; a non-empty one replaces them.</summary>
    /// <exception cref="ConcurrencyException">The case's stored version is not <see cref="CaseCommit.ExpectedVersion"/>
    /// (or the case exists when ExpectedVersion is 0).</exception>
    /// <exception cref="DuplicateCommandException">The idempotency key was already committed.</exception>
    /// <exception cref="StoreException">A task id of another case or an already committed outbox message id
    /// (not transient), or the store failed; <see cref="StoreException.IsTransient"/> says whether to retry.</exception>
    Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default);

    /// <summary>Loads a pinned definition text by content hash, or null.</summary>
    Task<DefinitionRecord?> GetDefinitionAsync(string contentHash, CancellationToken cancellationToken = default);

    /// <summary>The earliest <see cref="CaseRecord.EarliestDue"/> over all cases, or null.</summary>
    Task<DateTimeOffset?> GetNextDueAsync(CancellationToken cancellationToken = default);

    /// <summary>Cases whose earliest due instant is at or before <paramref name="upTo"/>, earliest first.</summary>
    Task<IReadOnlyList<CaseRecord>> FindDueAsync(DateTimeOffset upTo, int limit, CancellationToken cancellationToken = default);

    /// <summary>Open tasks an actor may see, ordered by due instant (nulls last) then creation.</summary>
    Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Searches cases, newest submission first.</summary>
    Task<Page<CaseRecord>> SearchCasesAsync(CaseQuery query, CancellationToken cancellationToken = default);

    /// <summary>Undelivered, non-dead outbox messages whose next attempt is due at <paramref name="now"/>,
    /// in commit order. For each case the result holds a prefix of its undelivered messages: a message is
    /// returned only when every earlier undelivered message of its case is returned before it, so a message
    /// that is backing off or dead holds back the later messages of its case (order per case is never broken).</summary>
    Task<IReadOnlyList<PendingMessage>> GetPendingMessagesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>Marks messages delivered.</summary>
    Task MarkDeliveredAsync(IReadOnlyList<string> messageIds, CancellationToken cancellationToken = default);

    /// <summary>Records a failed attempt; parks the message as dead when <paramref name="dead"/> is true.</summary>
    Task MarkFailedAsync(string messageId, DateTimeOffset nextAttemptAt, string error, bool dead, CancellationToken cancellationToken = default);

    /// <summary>Messages parked as dead.</summary>
    Task<IReadOnlyList<PendingMessage>> ListDeadMessagesAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Puts a dead message back in the queue with its attempts reset; false when not found.</summary>
    Task<bool> RetryDeadMessageAsync(string messageId, CancellationToken cancellationToken = default);
}
