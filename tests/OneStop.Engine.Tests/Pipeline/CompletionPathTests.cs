using System.Diagnostics;
using OneStop.Engine.Observability;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A command on the in-memory store completes without the engine's own state machines; whatever does not
/// complete at once (an authorizer that answers later, a cache miss, a failure, a trace listener) takes the awaited
/// path. Both paths must give the same results, refusals and failures.</summary>
public class CompletionPathTests
{
    // Refuses "intruder" and lets everyone else act, answering only after a yield (the awaited path).
    private sealed class LateAuthorizer : IActorAuthorizer
    {
        public async ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments arguments, CancellationToken cancellationToken)
        {
            await Task.Yield();
            return arguments.Actor != "intruder";
        }
    }

    [Fact]
    public async Task Execute_AuthorizerAnswersLater_CommitsAndRefusesAsAnImmediateAnswerDoes()
    {
        using var host = new TestHost(authorizer: new LateAuthorizer());
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var version = (await host.ViewAsync(n)).Version;

        var refused = await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.ExecuteAsync(new Withdraw(n, "intruder", host.Key())).AsTask());
        Assert.Equal("intruder", refused.Arguments.Actor);
        Assert.Equal(version, (await host.ViewAsync(n)).Version);

        var approved = await host.ApproveAsync(n, "review");
        Assert.True(approved.Version > version);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Execute_InvalidCommand_FailsTheTaskNotTheCall()
    {
        using var host = new TestHost();
        var blank = host.Engine.ExecuteAsync(new Withdraw(" ", "a", host.Key()));
        var missing = host.Engine.ExecuteAsync(null!);

        await Assert.ThrowsAsync<ArgumentException>(() => blank.AsTask());
        await Assert.ThrowsAsync<ArgumentNullException>(() => missing.AsTask());
    }

    [Fact]
    public async Task Execute_CancelledAtTheCommit_IsCancelledAndTheNextCommandReloadsTheCase()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        var version = (await host.ViewAsync(n)).Version;
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        var pending = host.Engine.ExecuteAsync(new ClaimTask(n, "a", host.Key(), task), cancelled.Token).AsTask();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
        Assert.True(pending.IsCanceled);
        Assert.Equal(version, (await host.ViewAsync(n)).Version);
        // The command took the cached case and changed it: the next one rebuilds it from the store.
        var claimed = await host.Engine.ExecuteAsync(new ClaimTask(n, "a", host.Key(), task));
        Assert.Equal(version + 1, claimed.Version);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Execute_KeyCommittedForAnotherCase_ReturnsThatFirstResult()
    {
        using var host = new TestHost();
        var first = await host.AcceptedAsync(SomeItems.SimpleCode);
        var second = await host.AcceptedAsync(SomeItems.SimpleCode);
        var claimed = await host.Engine.ExecuteAsync(new ClaimTask(first, "a", "shared-key", (await host.TaskAsync(first, "review")).TaskId));
        var version = (await host.ViewAsync(second)).Version;

        // Legal on the second case, so only the store's key check at the commit finds the repeat.
        var again = await host.Engine.ExecuteAsync(new ClaimTask(second, "a", "shared-key", (await host.TaskAsync(second, "review")).TaskId));

        Assert.True(again.Repeated);
        Assert.Equal((first, claimed.Version), (again.CaseNumber, again.Version));
        Assert.Equal(version, (await host.ViewAsync(second)).Version);
        // The refused commit left the second case out of the cache; it is rebuilt equal.
        await host.AssertReplayEqualsSnapshotAsync(second);
    }

    [Fact]
    public async Task Execute_WithATraceListener_OpensOneSpanPerCommandAndMarksFailures()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var spans = new List<Activity>();
        // Other tests' engines may run meanwhile (with the same case numbers): only the spans under this test's own.
        using var testSource = new ActivitySource("OneStop.Engine.Tests." + nameof(CompletionPathTests));
        var parentId = default(ActivitySpanId);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == EngineTelemetry.Name || source == testSource,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                lock (spans)
                {
                    // Before the parent starts, another test's root span (no parent) would match the unset id.
                    if (a.Source.Name == EngineTelemetry.Name && parentId != default && a.ParentSpanId == parentId) spans.Add(a);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using (var parent = testSource.StartActivity("test"))
        {
            Assert.NotNull(parent);
            lock (spans) parentId = parent.SpanId;
            await host.Engine.ExecuteAsync(new ClaimTask(n, "a", host.Key(), (await host.TaskAsync(n, "review")).TaskId));
            await Assert.ThrowsAsync<IllegalActionException>(() => host.Engine.ExecuteAsync(new Accept(n, "window", host.Key())).AsTask());
        }

        List<Activity> seen;
        lock (spans) seen = [.. spans];
        Assert.Collection(seen,
            ok => Assert.Equal(("onestop.command", "ClaimTask", ActivityStatusCode.Unset), (ok.OperationName, ok.GetTagItem("onestop.action"), ok.Status)),
            failed => Assert.Equal(("onestop.command", "Accept", ActivityStatusCode.Error), (failed.OperationName, failed.GetTagItem("onestop.action"), failed.Status)));
    }
}
