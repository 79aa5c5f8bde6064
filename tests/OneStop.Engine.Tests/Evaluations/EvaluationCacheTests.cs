using OneStop.Engine.Hooks;
using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Evaluations;

/// <summary>Evaluations take the cached case for update, as lifecycle commands do (no deep copy): the commit puts the same
/// object back, a refusal before any event puts it back untouched, and one after events (the authorizer's) leaves it out.</summary>
public class EvaluationCacheTests
{
    /// <summary>Refuses the evaluation role to the listed actors, allows everything else.</summary>
    private sealed class Refusing(params string[] refused) : IActorAuthorizer
    {
        public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken) =>
            ValueTask.FromResult(arguments.Role != "evaluation" || !refused.Contains(arguments.Actor));
    }

    [Fact]
    public async Task Evaluate_CommitsOnTheCachedCaseItself_NotOnACopy()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        var cached = host.Engine.CachedSnapshot(n);
        Assert.NotNull(cached);

        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 4, EvaluationChannel.Window));

        Assert.Same(cached, host.Engine.CachedSnapshot(n));
        Assert.Single(cached.Evaluations!);
    }

    [Fact]
    public async Task Evaluate_RefusedBeforeAnyEvent_LeavesTheCachedCaseInPlace()
    {
        using var host = new StatisticsHost();
        var n = await host.ConcludedAsync();
        await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 4, EvaluationChannel.Window));
        var cached = host.Engine.CachedSnapshot(n);

        await Assert.ThrowsAsync<EvaluationNotAllowedException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Window)));

        Assert.Same(cached, host.Engine.CachedSnapshot(n));
        Assert.Single(cached!.Evaluations!);
    }

    [Fact]
    public async Task Evaluate_RefusedByTheAuthorizerAfterItsEvent_DropsTheTouchedCase_NextEvaluationSucceeds()
    {
        using var host = new StatisticsHost(authorizer: new Refusing("冒名者"));
        var n = await host.ConcludedAsync();

        await Assert.ThrowsAsync<UnauthorizedActionException>(() =>
            host.Engine.EvaluateAsync(new Evaluate(n, "冒名者", host.Key(), 1, EvaluationChannel.Web, "差")));

        // The refused evaluation's event was applied to the taken case: that object must not be cached any more.
        Assert.Null(host.Engine.CachedSnapshot(n));
        var result = await host.Engine.EvaluateAsync(new Evaluate(n, "applicant", host.Key(), 5, EvaluationChannel.Web));
        Assert.Equal(1, result.EventCount);
        var stored = await host.Engine.StoredSnapshotAsync(n);
        Assert.Equal(5, Assert.Single(stored.Evaluations!).Rating);
    }
}
