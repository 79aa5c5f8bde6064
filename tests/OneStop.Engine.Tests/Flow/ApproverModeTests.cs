namespace OneStop.Engine.Tests.Flow;

public class ApproverModeTests
{
    private const string AllCode = "000100000021";
    private const string VoteCode = "000100000022";
    private const string SeqCode = "000100000023";
    private const string AdvisoryCode = "000100000024";
    private const string CountCode = "000100000025";

    private static TestHost Host() => new(SomeItems.Catalogue(SomeItems.Simple,
        SomeItems.Item(AllCode, "- { step: panel, mode: all, approvers: [a, b, c] }"),
        SomeItems.Item(VoteCode, "- { step: panel, mode: vote, approvers: [a, b, c, d], weights: [2, 1, 1, 1], vote: { ratio: 60% } }"),
        SomeItems.Item(SeqCode, "- { step: chain, mode: sequential, approvers: [a, b, c] }"),
        SomeItems.Item(AdvisoryCode, """
            - { step: opinion, role: a, advisory: true }
            - { step: final, role: boss }
            """),
        SomeItems.Item(CountCode, "- { step: panel, mode: vote, approvers: [a, b, c], vote: { count: 2, abstain-counts: false } }")));

    private static async Task<List<TaskView>> Tasks(TestHost host, string n) => [.. (await host.ViewAsync(n)).OpenTasks];

    [Fact]
    public async Task All_EveryApproverMustApprove()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(AllCode);
        var tasks = await Tasks(host, n);
        Assert.Equal(["a", "b", "c"], tasks.Select(t => t.Role));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[0].TaskId));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[1].TaskId));
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(n)).State);
        var r = await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[2].TaskId));
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
    }

    [Fact]
    public async Task All_OneDenial_DecidesAtOnceAndCancelsTheRest()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(AllCode);
        var tasks = await Tasks(host, n);
        var r = await host.Engine.ExecuteAsync(new DenyTask(n, "s", host.Key(), tasks[1].TaskId, "不同意"));
        Assert.Equal(CaseOutcome.Denied, r.Outcome);
        Assert.Empty(r.OpenTaskIds);
    }

    [Fact]
    public async Task All_Abstain_IsInvalidOutsideVote()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(AllCode);
        var t = (await Tasks(host, n))[0];
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new AbstainTask(n, "s", host.Key(), t.TaskId)).AsTask());
    }

    [Fact]
    public async Task Vote_WeightedRatio_PassesEarlyWhenCertain()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(VoteCode);
        var tasks = await Tasks(host, n);
        // total 5, needs 3: weight-2 approval plus one more passes; the fourth voter is not waited for.
        await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[0].TaskId));
        await host.Engine.ExecuteAsync(new AbstainTask(n, "s", host.Key(), tasks[1].TaskId));
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(n)).State);
        var r = await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[2].TaskId));
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
        Assert.Empty(r.OpenTaskIds);
    }

    [Fact]
    public async Task Vote_FailsEarlyWhenPassingIsImpossible()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(VoteCode);
        var tasks = await Tasks(host, n);
        await host.Engine.ExecuteAsync(new DenyTask(n, "s", host.Key(), tasks[0].TaskId, "否"));
        Assert.Equal(CaseState.InProgress, (await host.ViewAsync(n)).State);
        // approve ≤ 3 possible of needed 3 still; one more denial makes 2 < 3 certain.
        var r = await host.Engine.ExecuteAsync(new DenyTask(n, "s", host.Key(), tasks[1].TaskId, "否"));
        Assert.Equal(CaseOutcome.Denied, r.Outcome);
    }

    [Fact]
    public async Task Vote_ByCount_AbstentionsLeaveTheTotal()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(CountCode);
        var tasks = await Tasks(host, n);
        await host.Engine.ExecuteAsync(new AbstainTask(n, "s", host.Key(), tasks[0].TaskId));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[1].TaskId));
        var r = await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[2].TaskId));
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
    }

    [Theory]
    [InlineData(5, 0, 0, 5, null)]
    [InlineData(5, 3, 0, 2, true)]
    [InlineData(5, 2, 0, 0, false)]
    [InlineData(5, 0, 0, 2, false)]
    public void VoteOutcome_Ratio60_DecidesOnlyWhenCertain(int total, int approve, int abstain, int pending, bool? expected) =>
        Assert.Equal(expected, OneStop.Engine.Flow.FlowRunner.VoteOutcome(new Definitions.Flow.VoteRule(0.6m, null), total, approve, abstain, pending));

    [Fact]
    public async Task Sequential_OpensOneSeatAtATimeInOrder()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SeqCode);
        foreach (var role in new[] { "a", "b", "c" })
        {
            var tasks = await Tasks(host, n);
            Assert.Equal(role, Assert.Single(tasks).Role);
            await host.Engine.ExecuteAsync(new ApproveTask(n, "s", host.Key(), tasks[0].TaskId));
        }
        Assert.Equal(CaseOutcome.Approved, (await host.ViewAsync(n)).Outcome);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task AdvisoryDenial_IsRecordedButTheCaseGoesOn()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(AdvisoryCode);
        await host.DenyAsync(n, "opinion");
        var view = await host.ViewAsync(n);
        Assert.Equal(["final"], view.OpenTasks.Select(t => t.StepId));
        Assert.Contains(view.Timeline, t => t.Summary.Contains("仅供参考", StringComparison.Ordinal));
        Assert.Equal(CaseOutcome.Approved, (await host.ApproveAsync(n, "final")).Outcome);
    }

    [Fact]
    public async Task AddSignerAfter_SeatWaitsForTheAddedSigner()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var t = await host.TaskAsync(n, "review");
        await host.Engine.ExecuteAsync(new ClaimTask(n, "li", host.Key(), t.TaskId));
        await host.Engine.ExecuteAsync(new AddSigner(n, "li", host.Key(), t.TaskId, "wang", SignerPosition.After));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "li", host.Key(), t.TaskId));
        var next = Assert.Single((await host.ViewAsync(n)).OpenTasks);
        Assert.Equal(("review", "wang"), (next.StepId, next.Assignee));
        await Assert.ThrowsAsync<UnauthorizedActionException>(() => host.Engine.ExecuteAsync(new ApproveTask(n, "li", host.Key(), next.TaskId)).AsTask());
        await host.Engine.ExecuteAsync(new ApproveTask(n, "wang", host.Key(), next.TaskId));
        Assert.Equal("decide", Assert.Single((await host.ViewAsync(n)).OpenTasks).StepId);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task AddSignerBefore_SignerFirstThenHolderAgain()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var t = await host.TaskAsync(n, "review");
        await host.Engine.ExecuteAsync(new ClaimTask(n, "li", host.Key(), t.TaskId));
        await host.Engine.ExecuteAsync(new AddSigner(n, "li", host.Key(), t.TaskId, "wang", SignerPosition.Before));
        var first = Assert.Single((await host.ViewAsync(n)).OpenTasks);
        Assert.Equal("wang", first.Assignee);
        await host.Engine.ExecuteAsync(new ApproveTask(n, "wang", host.Key(), first.TaskId));
        var again = Assert.Single((await host.ViewAsync(n)).OpenTasks);
        Assert.Equal(("review", "li"), (again.StepId, again.Assignee));
        await host.Engine.ExecuteAsync(new ApproveTask(n, "li", host.Key(), again.TaskId));
        Assert.Equal("decide", Assert.Single((await host.ViewAsync(n)).OpenTasks).StepId);
    }

    [Fact]
    public async Task TransferClaimComment_ChangeTheHolderOnly()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.SimpleCode);
        var t = await host.TaskAsync(n, "review");
        await host.Engine.ExecuteAsync(new ClaimTask(n, "li", host.Key(), t.TaskId));
        await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new ClaimTask(n, "zhao", host.Key(), t.TaskId)).AsTask());
        await host.Engine.ExecuteAsync(new CommentTask(n, "zhao", host.Key(), t.TaskId, "请注意材料日期"));
        await host.Engine.ExecuteAsync(new TransferTask(n, "li", host.Key(), t.TaskId, "zhao", "出差"));
        Assert.Equal("zhao", (await host.TaskAsync(n, "review")).Assignee);
        var mine = await host.Engine.ListTasksAsync(new OneStop.Engine.Storage.TaskQuery("zhao", [], []));
        Assert.Equal(t.TaskId, Assert.Single(mine.Items).TaskId);
        await host.Engine.ExecuteAsync(new ApproveTask(n, "zhao", host.Key(), t.TaskId));
        await host.AssertReplayEqualsSnapshotAsync(n);
    }
}
