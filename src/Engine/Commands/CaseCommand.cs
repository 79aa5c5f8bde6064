namespace OneStop.Engine;

/// <summary>A command on an existing case. Every command names its actor and carries an idempotency key:
/// repeating a command with the same key returns the first result and changes nothing.</summary>
/// <param name="CaseNumber">The case.</param>
/// <param name="Actor">Who acts (checked by the host's <see cref="IActorAuthorizer"/>).</param>
/// <param name="IdempotencyKey">Caller-chosen key, unique per intended change.</param>
public abstract record CaseCommand(string CaseNumber, string Actor, string IdempotencyKey)
{
    /// <summary>The lifecycle action this command takes.</summary>
    public abstract CaseAction Action { get; }
}
