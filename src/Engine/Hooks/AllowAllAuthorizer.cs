namespace OneStop.Engine.Hooks;

/// <summary>The default authorizer: every actor may do everything (hosts replace it).</summary>
internal sealed class AllowAllAuthorizer : IActorAuthorizer
{
    /// <inheritdoc />
    public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
