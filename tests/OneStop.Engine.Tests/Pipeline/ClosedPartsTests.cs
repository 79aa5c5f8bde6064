using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Tests.Statistics;

namespace OneStop.Engine.Tests.Pipeline;

/// <summary>A closed case the engine caches shares its per-node arrays and its empty task list with the other closed cases
/// of its plan that ended with the same arrays (CaseSnapshot.ShareClosedParts): a case that changes again gets its own
/// copies before its first write, so no other case ever sees the change, and every case still replays to what the
/// engine holds.</summary>
public sealed class ClosedPartsTests
{
    [Fact]
    public async Task ClosedCasesOfOnePlan_ShareTheirArraysAndEmptyTaskList()
    {
        using var host = new StatisticsHost();
        var first = await host.ConcludedAsync();
        var second = await host.ConcludedAsync();

        var a = host.Engine.CachedSnapshot(first)!;
        var b = host.Engine.CachedSnapshot(second)!;
        Assert.True(a.SharesParts);
        Assert.True(b.SharesParts);
        Assert.Same(a.Status, b.Status);
        Assert.Same(a.Cursor, b.Cursor);
        Assert.Same(a.Approve, b.Approve);
        Assert.Same(a.Done, b.Done);
        Assert.Same(a.Tasks, b.Tasks);
        Assert.Empty(a.Tasks);
        await AssertReplayEqualsSnapshotAsync(host, first);
        await AssertReplayEqualsSnapshotAsync(host, second);

        // A copy (what readers get) owns everything it holds.
        var copy = a.Clone();
        Assert.False(copy.SharesParts);
        Assert.NotSame(a.Status, copy.Status);
        Assert.NotSame(a.Tasks, copy.Tasks);
    }

    [Fact]
    public async Task ClosedCasesWithOtherArrays_KeepTheirOwnValues()
    {
        using var host = new StatisticsHost();
        var concluded = await host.ConcludedAsync();
        var rejected = (await host.Engine.SubmitAsync(new SubmitCase(StatisticsHost.PromisedCode, "张三", "applicant", host.Key()))).CaseNumber;
        await host.Engine.ExecuteAsync(new Reject(rejected, "window", host.Key(), "不符合条件"));
        var again = await host.ConcludedAsync();

        var c = host.Engine.CachedSnapshot(concluded)!;
        var r = host.Engine.CachedSnapshot(rejected)!;
        var g = host.Engine.CachedSnapshot(again)!;
        Assert.NotEqual(c.Status, r.Status);
        Assert.NotSame(c.Status, r.Status);
        // The rejected case's arrays became the plan's shared ones; the next concluded case shares them only if equal.
        Assert.Equal(c.Status, g.Status);
        await AssertReplayEqualsSnapshotAsync(host, concluded);
        await AssertReplayEqualsSnapshotAsync(host, rejected);
        await AssertReplayEqualsSnapshotAsync(host, again);
    }

    [Fact]
    public async Task ClosedCaseThatChangesAgain_GetsItsOwnCopies_OthersUnchanged()
    {
        using var host = new StatisticsHost();
        var evaluated = await host.ConcludedAsync();
        var quiet = await host.ConcludedAsync();
        var written = await host.ConcludedAsync();
        var quietCase = host.Engine.CachedSnapshot(quiet)!;
        var quietJson = TestHost.Json(quietCase);

        // An evaluation of a closed case is a commit on the cached case itself: it owns its parts from its first event,
        // and shares them again once committed (still closed, the same arrays).
        await host.Engine.EvaluateAsync(new Evaluate(evaluated, "张三", host.Key(), 5, EvaluationChannel.App));
        var e = host.Engine.CachedSnapshot(evaluated)!;
        Assert.Single(e.Evaluations!);
        Assert.True(e.SharesParts);
        Assert.Same(quietCase.Status, e.Status);
        await AssertReplayEqualsSnapshotAsync(host, evaluated);
        await AssertReplayEqualsSnapshotAsync(host, quiet);

        // Any event that writes the per-node arrays of a sharing case writes its own copies, never the shared ones.
        var w = host.Engine.CachedSnapshot(written)!;
        Assert.True(w.SharesParts);
        var shared = w.Status;
        EventApplier.Apply(w, w.Plan!, new NodeStarted(0), SomeItems.Start, "test");
        Assert.False(w.SharesParts);
        Assert.NotSame(shared, w.Status);
        Assert.Equal(NodeStatus.Active, w.Status[0]);
        Assert.NotEqual(NodeStatus.Active, quietCase.Status[0]);
        Assert.Equal(quietJson, TestHost.Json(quietCase));
        await AssertReplayEqualsSnapshotAsync(host, quiet);
    }

    // As TestHost.AssertReplayEqualsSnapshotAsync: the whole log replayed, the stored snapshot with the events after it
    // and the engine's cached case are the same case.
    private static async Task AssertReplayEqualsSnapshotAsync(StatisticsHost host, string number)
    {
        var replayed = await host.Engine.ReplayAsync(number);
        var stored = await host.Engine.StoredSnapshotAsync(number);
        Assert.Equal(TestHost.Json(stored), TestHost.Json(replayed));
        if (await host.Engine.CachedSnapshotAsync(number) is { } live) Assert.Equal(TestHost.Json(live), TestHost.Json(stored));
    }
}
