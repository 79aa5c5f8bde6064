using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OneStop.Engine.Events;
using OneStop.Engine.Storage;
using OneStop.Engine.Tests.Storage;

namespace OneStop.Engine.Tests.Pipeline;

public class PipelineTests
{
    [Fact]
    public async Task Execute_RepeatedKey_ReturnsFirstResultAndChangesNothing()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        var first = await host.Engine.ExecuteAsync(new ApproveTask(n, "s", "same-key", task));
        var version = (await host.ViewAsync(n)).Version;
        var again = await host.Engine.ExecuteAsync(new ApproveTask(n, "s", "same-key", task));
        Assert.True(again.Repeated);
        Assert.Equal((first.CaseNumber, first.Version, first.State, first.EventCount), (again.CaseNumber, again.Version, again.State, again.EventCount));
        Assert.Equal(first.OpenTaskIds, again.OpenTaskIds);
        Assert.Equal(version, (await host.ViewAsync(n)).Version);
    }

    [Fact]
    public async Task Execute_RepeatedKeyThatWouldSucceedAgain_ReturnsFirstResultAndChangesNothing()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        await host.Engine.ExecuteAsync(new ClaimTask(n, "a", "claim", task));
        var first = await host.Engine.ExecuteAsync(new TransferTask(n, "a", "to-b", task, "b"));
        await host.Engine.ExecuteAsync(new TransferTask(n, "b", "to-a", task, "a"));
        var version = (await host.ViewAsync(n)).Version;

        // "a" holds the task again, so the first transfer is legal once more: the key alone makes it a repeat.
        var again = await host.Engine.ExecuteAsync(new TransferTask(n, "a", "to-b", task, "b"));

        Assert.True(again.Repeated);
        Assert.Equal((first.Version, first.EventCount), (again.Version, again.EventCount));
        var view = await host.ViewAsync(n);
        Assert.Equal(version, view.Version);
        Assert.Equal("a", Assert.Single(view.OpenTasks).Assignee);
        // The case was not left behind in a changed state: the next command works on the stored one.
        var next = await host.Engine.ExecuteAsync(new TransferTask(n, "a", "to-c", task, "c"));
        Assert.Equal(version + 1, next.Version);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Execute_RepeatedOldKey_AfterThousandsOfCommands_ReturnsFirstResultAndChangesNothing()
    {
        // A key repeated after thousands of others (its slot far from the recent ones, in a table grown several times)
        // is still a repeat, for the same command and for a submit that reuses it.
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        await host.Engine.ExecuteAsync(new ClaimTask(n, "a", "old-claim", task));
        var first = await host.Engine.ExecuteAsync(new TransferTask(n, "a", "old-transfer", task, "b"));
        var holder = "b";
        for (var i = 0; i < 5_000; i++)
        {
            var to = holder == "a" ? "b" : "a";
            await host.Engine.ExecuteAsync(new TransferTask(n, holder, "t" + i, task, to));
            holder = to;
        }
        Assert.Equal("b", holder);
        var version = (await host.ViewAsync(n)).Version;

        var again = await host.Engine.ExecuteAsync(new TransferTask(n, "a", "old-transfer", task, "b"));
        var submitted = await host.Engine.SubmitAsync(new SubmitCase(SomeItems.SimpleCode, "张三", "u", "old-claim"));

        Assert.True(again.Repeated);
        Assert.Equal((first.Version, first.EventCount), (again.Version, again.EventCount));
        Assert.Equal(version, (await host.ViewAsync(n)).Version);
        Assert.True(submitted.Repeated);
        Assert.Equal(n, submitted.CaseNumber);
        Assert.Equal(1, (await host.Store.SearchCasesAsync(new CaseQuery())).Total);
    }

    [Fact]
    public async Task Execute_CachedCase_ReadsOnlyTheCaseRow()
    {
        var store = new GatedStore(new InMemoryCaseStore());
        using var host = new TestHost(store: store);
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var task = (await host.TaskAsync(n, "review")).TaskId;
        await host.Engine.ExecuteAsync(new ClaimTask(n, "a", "claim", task));
        (store.CaseReads, store.RowReads, store.CommandReads) = (0, 0, 0);

        await host.Engine.ExecuteAsync(new TransferTask(n, "a", "to-b", task, "b"));

        // No snapshot bytes and no idempotency read: the cache holds the case, the commit detects a repeated key.
        Assert.Equal((0, 1, 0), (store.CaseReads, store.RowReads, store.CommandReads));
    }

    [Fact]
    public async Task Submit_RepeatedKey_ReturnsTheSameCase()
    {
        using var host = new TestHost();
        var a = await host.Engine.SubmitAsync(new SubmitCase(SomeItems.SimpleCode, "张三", "u", "submit-1"));
        var b = await host.Engine.SubmitAsync(new SubmitCase(SomeItems.SimpleCode, "张三", "u", "submit-1"));
        Assert.Equal(a.CaseNumber, b.CaseNumber);
        Assert.Equal(1, (await host.Store.SearchCasesAsync(new CaseQuery())).Total);
    }

    [Fact]
    public async Task Execute_ConcurrentCommandsOnOneCase_ExactlyOneWins()
    {
        var store = new GatedStore(new InMemoryCaseStore());
        using var host = new TestHost(store: store);
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        var tasks = (await host.ViewAsync(n)).OpenTasks;
        store.HoldCommits(2);
        var one = host.Engine.ExecuteAsync(new ApproveTask(n, "s", "c1", tasks[0].TaskId)).AsTask();
        var two = host.Engine.ExecuteAsync(new ApproveTask(n, "s", "c2", tasks[1].TaskId)).AsTask();
        var results = await Task.WhenAll(Wrap(one), Wrap(two));
        Assert.Single(results, r => r is null);
        Assert.Single(results, r => r is ConcurrencyException);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    private static async Task<Exception?> Wrap(Task t)
    {
        try
        {
            await t;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private sealed class Deny : IActorAuthorizer
    {
        public ValueTask<bool> AuthorizeAsync(ActorAuthorizationArguments a, CancellationToken ct) =>
            ValueTask.FromResult(a.Actor != "intruder" && !(a.Role == "boss" && a.Actor != "director"));
    }

    [Fact]
    public async Task Execute_AuthorizerRefuses_TypedErrorAndNothingChanges()
    {
        using var host = new TestHost(authorizer: new Deny());
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var version = (await host.ViewAsync(n)).Version;
        var ex = await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.ExecuteAsync(new Withdraw(n, "intruder", host.Key())).AsTask());
        Assert.Equal("intruder", ex.Arguments.Actor);
        await host.ApproveAsync(n, "review");
        var decide = await host.TaskAsync(n, "decide");
        var refused = await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.ExecuteAsync(new ApproveTask(n, "clerk1", host.Key(), decide.TaskId)).AsTask());
        Assert.Equal("boss", refused.Arguments.Role);
        var afterRefusal = (await host.ViewAsync(n)).Version;
        await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.ExecuteAsync(new ApproveTask(n, "clerk1", host.Key(), decide.TaskId)).AsTask());
        Assert.Equal(afterRefusal, (await host.ViewAsync(n)).Version);
        Assert.True(afterRefusal > version);
        await host.Engine.ExecuteAsync(new ApproveTask(n, "director", host.Key(), decide.TaskId));
        Assert.Equal(CaseState.Decided, (await host.ViewAsync(n)).State);
    }

    [Fact]
    public async Task Events_StoredWithStableVersionedNames_NoClrTypeNames()
    {
        using var host = new TestHost();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        foreach (var e in await host.Store.ReadEventsAsync(n))
        {
            var json = Encoding.UTF8.GetString(e.Payload.Span);
            Assert.StartsWith("{\"type\":\"" + e.Type + "\"", json, StringComparison.Ordinal);
            Assert.Matches(@"^[a-z]+\.[a-z-]+\.v\d+$", e.Type);
            Assert.DoesNotContain("OneStop.", json, StringComparison.Ordinal);
            Assert.Equal("k", e.CommandKey[..1]);
            Assert.Equal(host.Clock.GetUtcNow(), e.At);
        }
        var record = await host.Store.GetCaseAsync(n);
        Assert.DoesNotContain("OneStop.", Encoding.UTF8.GetString(record!.Snapshot.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void EventTypeNames_AreUniqueAndMatchDiscriminators()
    {
        var types = typeof(CaseEvent).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(CaseEvent)) && !t.IsAbstract).ToList();
        var names = types.Select(t => (string)t.GetField("Name")!.GetValue(null)!).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        var declared = typeof(CaseEvent).GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonDerivedTypeAttribute), false)
            .Cast<System.Text.Json.Serialization.JsonDerivedTypeAttribute>().ToDictionary(a => a.DerivedType, a => (string)a.TypeDiscriminator!);
        foreach (var t in types) Assert.Equal(t.GetField("Name")!.GetValue(null), declared[t]);
    }

    [Fact]
    public async Task RunningCase_KeepsItsPinnedDefinition_WhenTheCatalogueChanges()
    {
        var store = new InMemoryCaseStore();
        string n;
        using (var first = new TestHost(store: store))
        {
            n = await first.AcceptedAsync(SomeItems.SimpleCode);
        }
        // Same code and version, different text: a one-step flow with another role.
        var changed = SomeItems.Item(SomeItems.SimpleCode, "- { step: only, role: a }");
        using var second = new TestHost(SomeItems.Catalogue(changed), store: store);
        var view = await second.ViewAsync(n);
        Assert.Equal("review", Assert.Single(view.OpenTasks).StepId);
        await second.ApproveAsync(n, "review");
        Assert.Equal("decide", (await second.TaskAsync(n, "decide")).StepId);
        var fresh = await second.AcceptedAsync(SomeItems.SimpleCode);
        Assert.Equal("only", Assert.Single((await second.ViewAsync(fresh)).OpenTasks).StepId);
    }

    [Fact]
    public async Task CachedCases_OfTwoTextsOfOneItem_EachKeepTheirOwnPlanAcrossCommands()
    {
        var store = new InMemoryCaseStore();
        string old;
        using (var first = new TestHost(store: store))
        {
            old = await first.AcceptedAsync(SomeItems.SimpleCode);
        }
        var changed = SomeItems.Item(SomeItems.SimpleCode, "- { step: only, role: a }");
        using var host = new TestHost(SomeItems.Catalogue(changed), store: store);
        var fresh = await host.AcceptedAsync(SomeItems.SimpleCode);
        // Commands alternate between the two cases, each taken from the cache with the plan it last ran on.
        await host.Engine.ExecuteAsync(new CommentTask(old, "staff", host.Key(), (await host.TaskAsync(old, "review")).TaskId, "看过"));
        await host.Engine.ExecuteAsync(new CommentTask(fresh, "staff", host.Key(), (await host.TaskAsync(fresh, "only")).TaskId, "看过"));
        await host.ApproveAsync(old, "review");
        await host.ApproveAsync(fresh, "only");

        Assert.Equal("decide", (await host.TaskAsync(old, "decide")).StepId);
        Assert.Empty((await host.ViewAsync(fresh)).OpenTasks);
        var cached = await host.Engine.CachedSnapshotAsync(old);
        Assert.Equal((await store.GetCaseAsync(old))!.ContentHash, cached!.Plan!.Item.ContentHash);
        Assert.NotEqual(cached.Plan.Item.ContentHash, (await host.Engine.CachedSnapshotAsync(fresh))!.Plan!.Item.ContentHash);
        await host.AssertReplayEqualsSnapshotAsync(old);
        await host.AssertReplayEqualsSnapshotAsync(fresh);
    }

    [Fact]
    public async Task CaseNumbers_AreReadableSortableAndUniqueAcrossRestarts()
    {
        var store = new InMemoryCaseStore();
        var numbers = new List<string>();
        for (var restart = 0; restart < 3; restart++)
        {
            using var host = new TestHost(store: store);
            for (var i = 0; i < 3; i++) numbers.Add(await host.SubmitAsync(SomeItems.SimpleCode));
        }
        Assert.Equal(9, numbers.Distinct().Count());
        Assert.Equal(numbers, numbers.Order(StringComparer.Ordinal));
        Assert.Matches(@"^000100000001-20250922-\d{5}$", numbers[0]);
    }

    [Fact]
    public async Task AddOneStop_RegistersAWorkingEngine()
    {
        var services = new ServiceCollection();
        services.AddOneStop(b => b.UseCatalogue(SomeItems.Standard()).UseTimeProvider(new OneStop.Testing.FakeTimeProvider(SomeItems.Start)).UseOutboxWorker(false));
        await using var sp = services.BuildServiceProvider();
        var engine = sp.GetRequiredService<ICaseEngine>();
        var r = await engine.SubmitAsync(new SubmitCase(SomeItems.ImmediateCode, "李四", "u", "k"));
        var done = await engine.ExecuteAsync(new Accept(r.CaseNumber, "w", "k2"));
        Assert.Equal(CaseState.Concluded, done.State);
    }

    [Fact]
    public void AddOneStop_WithoutCatalogueAndBadOptions_ReportsEveryProblem()
    {
        var services = new ServiceCollection();
        var ex = Assert.Throws<OneStopConfigurationException>(() => services.AddOneStop(b => b.Configure(o => o.MaxCaseNumberAttempts = 0)));
        Assert.Equal(2, ex.Errors.Count);
    }

    /// <summary>Holds commits until the given number have arrived, so two commands read the same version.</summary>
    private sealed class GatedStore(ICaseStore inner) : DelegatingCaseStore(inner)
    {
        private TaskCompletionSource? _gate;
        private int _waiting;
        private int _count;

        public void HoldCommits(int count)
        {
            _count = count;
            _waiting = 0;
            _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        public override async Task CommitAsync(CaseCommit commit, CancellationToken cancellationToken = default)
        {
            if (_gate is { } gate)
            {
                if (Interlocked.Increment(ref _waiting) >= _count) gate.SetResult();
                await gate.Task;
            }
            await Inner.CommitAsync(commit, cancellationToken);
        }

        public int CaseReads, RowReads, CommandReads;

        public override Task<CaseRecord?> GetCaseAsync(string caseNumber, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref CaseReads);
            return Inner.GetCaseAsync(caseNumber, cancellationToken);
        }

        public override Task<CaseRecord?> GetCaseRowAsync(string caseNumber, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref RowReads);
            return Inner.GetCaseRowAsync(caseNumber, cancellationToken);
        }

        public override Task<CommandRecord?> GetCommandAsync(string idempotencyKey, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref CommandReads);
            return Inner.GetCommandAsync(idempotencyKey, cancellationToken);
        }
    }
}
