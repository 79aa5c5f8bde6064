namespace OneStop.Adapters.Sqlite.Internal;

/// <summary>One unit of work queued for the writer; it runs inside its own savepoint of a group transaction,
/// and its caller awaits <see cref="Completion"/>.</summary>
internal sealed class WriteRequest(Func<WriterSession, object?> work, CancellationToken cancellationToken)
{
    private readonly TaskCompletionSource<object?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<WriterSession, object?> Work { get; } = work;
    public CancellationToken CancellationToken { get; } = cancellationToken;
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
