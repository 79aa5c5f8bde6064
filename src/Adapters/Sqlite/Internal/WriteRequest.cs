namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>One unit of work queued for the writer; it runs inside a group transaction, and its caller awaits
/// <see cref="Completion"/>.</summary>
/// <param name="work">The writes; it must touch nothing but the database, since a group may be rolled back and run again.</param>
/// <param name="cancellationToken">A caller that gave up before its turn is not written.</param>
/// <param name="refusesCleanly">True when <paramref name="work"/> throws a <see cref="Engine.ConcurrencyException"/> or a
/// <see cref="Engine.DuplicateCommandException"/> only before it has written anything (or after undoing what it wrote):
/// such a request runs without a savepoint of its own (see <see cref="GroupCommitWriter"/>).</param>
internal sealed class WriteRequest(Func<WriterSession, object?> work, CancellationToken cancellationToken, bool refusesCleanly = false)
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<WriterSession, object?> Work { get; } = work;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public bool RefusesCleanly { get; } = refusesCleanly;
    public Task<object?> Completion => _completion.Task;

    // Outcome held until the whole batch's COMMIT decides whether it stands.
    public object? Result { get; set; }
    public Exception? Error { get; set; }

    public void Finish()
    {
        if (Error is null) _completion.TrySetResult(Result);
        else _completion.TrySetException(Error);
    }

    public void Cancel() => _completion.TrySetCanceled(CancellationToken);
}
