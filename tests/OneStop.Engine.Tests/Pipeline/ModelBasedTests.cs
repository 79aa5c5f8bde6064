using System.Text.Json;
using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Lifecycle;
using OneStop.Engine.Serialization;
using OneStop.Engine.Tests.Lifecycle;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>Random command sequences against a small reference model of the lifecycle, checking invariants after
/// every step: illegal actions change nothing; legal case actions reach the law's next state; no open task outside
/// an open case; every open task belongs to an active step (no orphans after returns or vetoes); no node completes
/// more often than it started (a join fires once per activation); idempotent repeats change nothing; and replaying
/// the log, the stored snapshot with the events after it, and the state the engine committed are the same case.</summary>
public class ModelBasedTests
{
    private static readonly CaseAction[] Actions = [.. Enum.GetValues<CaseAction>().Where(a => a != CaseAction.Submit)];

    [Fact]
    public async Task RandomSequences_KeepEveryInvariant()
    {
        var legal = LifecycleTableTests.Expected();
        int decided = 0, returned = 0, vetoed = 0;
        for (var seed = 1; seed <= 60; seed++)
        {
            var random = new Random(seed);
            // Snapshot intervals from every command to the default, so loads replay tails of every length; the store
            // checks that the lazily built stored bytes equal what an eager commit would have written.
            var store = new Storage.EagerCheckStore();
            using var host = new TestHost(store: store, options: new OneStopOptions { SnapshotInterval = seed % 3 == 0 ? 32 : 1 + seed % 7 });
            var item = random.Next(2) == 0 ? SomeItems.JointCode : SomeItems.SimpleCode;
            var n = await host.SubmitAsync(item, null, "report");
            var modelState = CaseState.Submitted;
            CaseCommand? last = null;
            for (var step = 0; step < 40; step++)
            {
                var before = await host.Engine.StoredSnapshotAsync(n);
                if (last is not null && random.Next(8) == 0)
                {
                    var repeat = await host.Engine.ExecuteAsync(last);
                    Assert.True(repeat.Repeated, $"seed {seed}: repeat not recognised");
                    Assert.Equal(TestHost.Json(before), TestHost.Json(await host.Engine.StoredSnapshotAsync(n)));
                    continue;
                }
                var action = PickAction(random, modelState, legal);
                host.Engine.Catalogue.TryGetLatest(item, out var definition);
                var command = Command(random, action, n, host.Key(), before, definition);
                var (result, outcome) = await Run(host, command);
                var after = await host.Engine.StoredSnapshotAsync(n);
                var isLegal = legal.Contains((modelState, action));
                if (!isLegal)
                {
                    Assert.IsType<IllegalActionException>(outcome);
                    Assert.Equal(TestHost.Json(before), TestHost.Json(after));
                    continue;
                }
                if (outcome is not null)
                {
                    // Guards (missing targets, abstaining outside votes, second extensions, unknown tasks) refuse without change.
                    Assert.True(outcome is InvalidCommandException or IllegalActionException or UnauthorizedActionException, $"seed {seed}: {outcome}");
                    Assert.Equal(TestHost.Json(before), TestHost.Json(after));
                    continue;
                }
                // Commands that changed nothing (a stale automatic answer) leave no idempotency record.
                if (result!.EventCount > 0) last = command;
                modelState = Expect(modelState, action, after.State, before, seed);
                Assert.Equal(modelState, after.State);
                await CheckInvariantsAsync(host, n, after, seed);
                await host.AssertReplayEqualsSnapshotAsync(n);
            }
            await host.AssertReplayEqualsSnapshotAsync(n);
            Assert.True(store.LazyEvents > 0);
            store.AssertLazyBytesMatch();
            var end = await host.Engine.StoredSnapshotAsync(n);
            if (end.Outcome is not null) decided++;
            if (end.Returns > 0) returned++;
            if ((await host.Store.ReadEventsAsync(n)).Any(e => e.Type == TasksCancelled.Name && System.Text.Encoding.UTF8.GetString(e.Payload.Span).Contains("veto", StringComparison.Ordinal))) vetoed++;
        }
        // The sequences must actually reach the interesting paths, or the invariants prove little.
        Assert.True(decided >= 10 && returned >= 3 && vetoed >= 1, $"decided {decided}, returned {returned}, vetoed {vetoed}");
    }

    private static CaseState Expect(CaseState from, CaseAction action, CaseState actual, CaseSnapshot before, int seed)
    {
        var target = LifecycleTable.Target(from, action);
        // The flow may decide the case after a task action or an automatic answer; an immediate accept concludes it.
        if (target == CaseState.InProgress && actual == CaseState.Decided && from == CaseState.InProgress) return CaseState.Decided;
        Assert.True(target == actual, $"seed {seed}: {from} --{action}--> expected {target}, got {actual}");
        return target;
    }

    private static CaseAction PickAction(Random random, CaseState state, HashSet<(CaseState, CaseAction)> legal)
    {
        // Mostly legal actions (so cases make progress), sometimes anything.
        if (random.Next(4) == 0) return Actions[random.Next(Actions.Length)];
        // Closing actions are rare, so flows get deep enough for joins, vetoes and returns.
        var closing = random.Next(10) == 0;
        var allowed = Actions.Where(a => legal.Contains((state, a)) && (closing || a is not (CaseAction.Withdraw or CaseAction.Terminate or CaseAction.Reject or CaseAction.Decide))).ToArray();
        if (allowed.Length == 0) return Actions[random.Next(Actions.Length)];
        // Favour approvals so flows finish.
        if (allowed.Contains(CaseAction.ApproveTask) && random.Next(2) == 0) return CaseAction.ApproveTask;
        if (allowed.Contains(CaseAction.ReturnTask) && random.Next(6) == 0) return CaseAction.ReturnTask;
        return allowed[random.Next(allowed.Length)];
    }

    private static CaseCommand Command(Random random, CaseAction action, string n, string key, CaseSnapshot s, OneStop.Definitions.ItemDefinition item)
    {
        var task = s.Tasks.Count == 0 ? null : s.Tasks[random.Next(s.Tasks.Count)];
        if (action == CaseAction.ReturnTask)
        {
            // Prefer a task whose step declares a return target, so returns really happen.
            task = s.Tasks.FirstOrDefault(t => !((StepDefinition)item.Nodes[t.Node]).ReturnTargets.IsEmpty) ?? task;
        }
        var holder = task?.Assignee ?? "u";
        var target = task is null ? "review" : ((StepDefinition)item.Nodes[task.Node]).ReturnTargets.FirstOrDefault()?.StepId ?? "review";
        return action switch
        {
            CaseAction.ReturnTask => new ReturnTask(n, holder, key, task?.Id ?? "none", target, "退回"),
            CaseAction.ApproveTask => new ApproveTask(n, holder, key, task?.Id ?? "none"),
            CaseAction.DenyTask => new DenyTask(n, holder, key, task?.Id ?? "none", "不同意"),
            CaseAction.AddSigner => new AddSigner(n, holder, key, task?.Id ?? "none", "signer" + random.Next(3), random.Next(2) == 0 ? SignerPosition.Before : SignerPosition.After),
            CaseAction.TransferTask => new TransferTask(n, holder, key, task?.Id ?? "none", "other" + random.Next(3)),
            CaseAction.ClaimTask => new ClaimTask(n, "claimer", key, task?.Id ?? "none"),
            CaseAction.Suspend => new Suspend(n, "u", key, SpecialProcedureKind.Testing, "检测"),
            CaseAction.Decide => new Decide(n, "u", key, random.Next(2) == 0 ? CaseOutcome.Approved : CaseOutcome.Denied, "理由"),
            _ => LifecycleEngineTests.CommandFor(action, n, key, task?.Id),
        };
    }

    private static async Task<(CommandResult? Result, Exception? Error)> Run(TestHost host, CaseCommand command)
    {
        try
        {
            return (await host.Engine.ExecuteAsync(command), null);
        }
        catch (OneStopException ex)
        {
            return (null, ex);
        }
    }

    private static async Task CheckInvariantsAsync(TestHost host, string n, CaseSnapshot s, int seed)
    {
        if (!(s.State is CaseState.InProgress or CaseState.Suspended)) Assert.True(s.Tasks.Count == 0, $"seed {seed}: open task in a {s.State} case");
        foreach (var t in s.Tasks) Assert.True(s.Status[t.Node] == NodeStatus.Active, $"seed {seed}: orphan task {t.Id} on a {s.Status[t.Node]} step");
        var stored = (await host.Store.ListTasksAsync(new OneStop.Engine.Storage.TaskQuery("nobody", ["clerk", "boss", "a", "b", "c", "d"], [], 0, 500))).Items
            .Where(t => t.CaseNumber == n && t.Assignee is null).Select(t => t.TaskId).Order();
        Assert.Equal(s.Tasks.Where(t => t.Assignee is null).Select(t => t.Id).Order(), stored);
        var starts = new Dictionary<int, int>();
        var ends = new Dictionary<int, int>();
        foreach (var r in await host.Store.ReadEventsAsync(n))
        {
            var e = JsonSerializer.Deserialize(r.Payload.Span, EngineJsonContext.Default.CaseEvent);
            if (e is NodeStarted ns) starts[ns.Node] = starts.GetValueOrDefault(ns.Node) + 1;
            if (e is NodeCompleted { Status: not NodeStatus.Cancelled and not NodeStatus.Skipped } nc) ends[nc.Node] = ends.GetValueOrDefault(nc.Node) + 1;
        }
        foreach (var (node, count) in ends) Assert.True(count <= starts.GetValueOrDefault(node), $"seed {seed}: node {node} completed {count} times after {starts.GetValueOrDefault(node)} starts");
    }
}
