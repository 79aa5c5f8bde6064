using OneStop.Engine.Storage;

namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>One unit of work queued for the writer; it runs inside a group transaction, and its caller awaits
/// <see cref="Completion"/>. The request is its own completion source (one object per write, not three: a commit's
/// request carries the commit itself rather than a closure and a delegate over it).</summary>
internal sealed class WriteRequest : TaskCompletionSource<object?>
{
    private readonly Func<WriterSession, object?>? _work;
    private readonly CaseCommit? _commit;
    private readonly (ReadOnlyMemory<byte> Stored, long? Size) _snapshot;

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
        CancellationToken = cancellationToken;
    }

    public CancellationToken CancellationToken { get; }

    /// <summary>True when the work throws a <see cref="Engine.ConcurrencyException"/> or a
    /// <see cref="Engine.DuplicateCommandException"/> only before it has written anything (or after undoing what it wrote):
    /// such a request runs without a savepoint of its own (see <see cref="GroupCommitWriter"/>). Case commits do.</summary>
    public bool RefusesCleanly => _commit is not null;

    public Task<object?> Completion => Task;

    // Outcome held until the whole batch's COMMIT decides whether it stands.
    public object? Result { get; set; }
    public Exception? Error { get; set; }

    /// <summary>Runs the work on the writer's session.</summary>
    public object? Run(WriterSession session)
    {
        if (_commit is null) return _work!(session);
        session.Commit(_commit, _snapshot);
        return null;
    }

    public void Finish()
    {
        if (Error is null) TrySetResult(Result);
        else TrySetException(Error);
    }

    public void Cancel() => TrySetCanceled(CancellationToken);
}
