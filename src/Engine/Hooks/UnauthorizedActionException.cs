namespace OneStop.Engine;

/// <summary>The host's <see cref="IActorAuthorizer"/> refused the action. Nothing was changed.</summary>
public sealed class UnauthorizedActionException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public UnauthorizedActionException(ActorAuthorizationArguments arguments, string? reason = null)
        : base($"Actor '{arguments.Actor}' may not {arguments.Action} on case {arguments.CaseNumber ?? "(new)"}" +
               (arguments.Role is null && arguments.Department is null ? "" : $" for role '{arguments.Role}' / department '{arguments.Department}'") +
               (reason is null ? "." : ": " + reason + "."))
    {
        Arguments = arguments;
        Reason = reason;
    }

    /// <summary>Why, when the engine itself refused (e.g. the task belongs to someone else); null when the host's hook refused.</summary>
    public string? Reason { get; }

    /// <summary>What was refused.</summary>
    public ActorAuthorizationArguments Arguments { get; }
}
