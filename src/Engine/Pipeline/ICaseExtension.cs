namespace OneStop.Engine.Pipeline;

/// <summary>Internal extension point of the command pipeline, for clocks (issue 4) and supervision (issue 6).
/// Extensions run in registration order after the command's events were applied and before the commit; they
/// may raise further events, add outbox rows and set the case's earliest due instant. Throwing aborts the
/// command and nothing is written. The <see cref="CommitContext"/> (and the lists it exposes) is valid only during
/// the call: the engine reuses the command's context for a later command (<see cref="CommandContextPool"/>).</summary>
internal interface ICaseExtension
{
    /// <summary>Called once per command that produced events (also for submissions).</summary>
    void OnCommitting(CommitContext context);

    /// <summary>Called after the command's commit succeeded (e.g. to wake the deadline scheduler). Must not throw.</summary>
    void OnCommitted(CommitContext context)
    {
    }

    /// <summary>Called when a command on an existing case was refused (unauthorised, or illegal in the case's state)
    /// and changed nothing. The command's exception still reaches the caller; failures here are logged, not thrown.</summary>
    ValueTask OnRefusedAsync(RefusalContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
