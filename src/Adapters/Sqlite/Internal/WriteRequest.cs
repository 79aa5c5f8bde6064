using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>One unit of work queued for the writer; it runs inside a group transaction, and its caller awaits
/// <see cref="Completion"/>. The request is its own completion source (one object per write, not three: a commit's
/// request carries the commit itself rather than a closure and a delegate over it).</summary>
internal sealed class WriteRequest : TaskCompletionSource<object?>
{
    private readonly Func<WriterSession, object?>? _work;
    // A commit's parts, dropped once its group's transaction is decided (Release): the caller waits for the fsync
    // after that, and nothing of the commit is read again.
    private CaseCommit? _commit;
    private (ReadOnlyMemory<byte> Stored, long? Size) _snapshot;
    private readonly bool _isCommit;

    /// <summary>Work that runs in a savepoint of its own.</summary>
    /// <param name="work">The writes; it must touch nothing but the database, since a group may be rolled back and run again.</param>
    /// <param name="cancellationToken">A caller that gave up before its turn is not written.</param>
    public WriteRequest(Func<WriterSession, object?> work, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _work = work;
        CancellationToken = cancellationToken;
    }

    /// <summary>A case commit (<see cref="WriterSession.Commit"/>), which refuses cleanly: see <see cref="RefusesCleanly"/>.</summary>
    public WriteRequest(CaseCommit commit, (ReadOnlyMemory<byte> Stored, long? Size) snapshot, CancellationToken cancellationToken)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        _commit = commit;
        _snapshot = snapshot;
        _isCommit = true;
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    /// <summary>True when the work throws a <see cref="Engine.ConcurrencyException"/> or a
    /// <see cref="Engine.DuplicateCommandException"/> only before it has written anything (or after undoing what it wrote):
    /// such a request runs without a savepoint of its own (see <see cref="GroupCommitWriter"/>). Case commits do.</summary>
    public bool RefusesCleanly => _isCommit;

    public Task<object?> Completion => Task;

    // Outcome held until the whole batch's COMMIT decides whether it stands.
    public object? Result { get; set; }
    public Exception? Error { get; set; }

    /// <summary>Runs the work on the writer's session.</summary>
    public object? Run(WriterSession session)
    {
        if (!_isCommit) return _work!(session);
        session.Commit(_commit ?? throw new InvalidOperationException("A released commit was run again."), _snapshot);
        return null;
    }

    /// <summary>Drops the commit (its events, payloads, rows and encoded snapshot) once its group is committed or
    /// rolled back for good: it is not run again, and the caller may wait for the group's fsync for a while, during
    /// which the commit would only be copied by every collection.</summary>
    public void Release()
    {
        _commit = null;
        _snapshot = default;
    }

    public void Finish()
    {
        if (Error is null) TrySetResult(Result);
        else TrySetException(Error);
    }

    public void Cancel() => TrySetCanceled(CancellationToken);
}
