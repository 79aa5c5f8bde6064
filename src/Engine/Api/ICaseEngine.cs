using OneStop.Engine.Storage;

namespace OneStop.Engine;

/// <summary>The OneStop runtime: files cases, runs commands on them and answers queries. Thread-safe; register it
/// with <c>services.AddOneStop(...)</c>. Every command is atomic: it commits all of its events, snapshot, task
/// changes and outbox rows, or nothing. <see cref="SubmitAsync"/> and <see cref="ExecuteAsync"/> return a
/// <see cref="ValueTask{TResult}"/>, so a command that completes synchronously (the in-memory store) allocates no task:
/// await each result once; call <c>AsTask()</c> to await it twice, keep it, or combine it (<c>Task.WhenAll</c>).</summary>
public interface ICaseEngine
{
    /// <summary>Files a new case (收件) and returns its number in the result.</summary>
    /// <exception cref="ItemNotFoundException">The catalogue has no such item (or version).</exception>
    /// <exception cref="UnauthorizedActionException">The host's authorizer refused.</exception>
    /// <exception cref="InvalidCommandException">The command is malformed.</exception>
    ValueTask<CommandResult> SubmitAsync(SubmitCase command, CancellationToken cancellationToken = default);

    /// <summary>Runs a command on a case. A repeat of an idempotency key returns the first result and changes nothing.</summary>
    /// <exception cref="CaseNotFoundException">No such case.</exception>
    /// <exception cref="IllegalActionException">The action is not legal in the case's state.</exception>
    /// <exception cref="UnauthorizedActionException">The actor may not act here.</exception>
    /// <exception cref="InvalidCommandException">The command is malformed or names an unknown task or target.</exception>
    /// <exception cref="ConcurrencyException">Another command changed the case first.</exception>
    ValueTask<CommandResult> ExecuteAsync(CaseCommand command, CancellationToken cancellationToken = default);

    /// <summary>The case's state, open tasks and timeline, or null when there is no such case.</summary>
    Task<CaseView?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default);

    /// <summary>Open tasks an actor may work on (待办), by due instant then age, one page at a time.</summary>
    Task<Page<TaskRecord>> ListTasksAsync(TaskQuery query, CancellationToken cancellationToken = default);

    /// <summary>Delivers committed outbox messages (notices, service calls, subcases) until nothing is due, and
    /// returns how many were delivered. The hosted worker does this continuously; tests and samples call it by hand.</summary>
    Task<int> ProcessOutboxAsync(CancellationToken cancellationToken = default);
}
