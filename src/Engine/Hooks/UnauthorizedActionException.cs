namespace OneStop.Engine;

/// <summary>The host's <see cref="IActorAuthorizer"/> refused the action. Nothing was changed.</summary>
public sealed class UnauthorizedActionException : OneStopException
{
    /// <summary>Creates the exception.</summary>
    public UnauthorizedActionException(ActorAuthorizationArguments arguments)
        : base($"Actor '{arguments.Actor}' may not {arguments.Action} on case {arguments.CaseNumber ?? "(new)"}" +
               (arguments.Role is null && arguments.Department is null ? "." : $" for role '{arguments.Role}' / department '{arguments.Department}'."))
        => Arguments = arguments;

    /// <summary>What was refused.</summary>
    public ActorAuthorizationArguments Arguments { get; }
}
