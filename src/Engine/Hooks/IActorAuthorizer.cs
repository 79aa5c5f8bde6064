namespace OneStop.Engine;

/// <summary>Host hook: may this actor take this action on this case, for this role or department?
/// The default allows everything. Failures (exceptions) propagate to the caller and nothing changes.</summary>
public interface IActorAuthorizer
{
    /// <summary>Returns true to allow the action.</summary>
    ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken);
}
