namespace OneStop.Engine.Tests.Flow;

public class ParallelAndChooseTests
{
    private const string AnyCode = "000100000011";
    private const string QuorumCode = "000100000012";
    private const string ChooseCode = "000100000013";
    private const string NoVetoCode = "000100000014";

    private static TestHost Host() => new(SomeItems.Catalogue(SomeItems.Joint,
        SomeItems.Item(AnyCode, """
            - parallel:
                join: any
                branches:
                  x: [{ step: sa, role: a }]
                  y: [{ step: sb, role: b }]
            - { step: after, role: clerk }
            """),
        SomeItems.Item(QuorumCode, """
            - parallel:
                join: quorum
                quorum: 2
                veto: false
                branches:
                  x: [{ step: sa, role: a }]
                  y: [{ step: sb, role: b }]
                  z: [{ step: sc, role: c }]
            """),
        SomeItems.Item(ChooseCode, """
            - choose:
                - when: stage == 'formal'
                  flow: [{ step: formal, role: a }]
                - when: area > 100
                  flow: [{ step: big, role: b }]
                - otherwise: [{ step: small, role: c }]
            - { step: urgent, role: d, when: urgent }
            - { step: last, role: clerk }
            """),
        SomeItems.Item(NoVetoCode, """
            - parallel:
                veto: false
                branches:
                  x: [{ step: sa, role: a }]
                  y: [{ step: sb, role: b }]
            """)));

    [Fact]
    public async Task Joint_AllBranchesApprove_JoinFiresOnceThenHandout()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        Assert.Equal(["sa", "sb", "sc", "sd"], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId).Order());
        foreach (var s in new[] { "sa", "sb", "sc" }) await host.ApproveAsync(n, s);
        Assert.DoesNotContain((await host.ViewAsync(n)).OpenTasks, t => t.StepId == "handout");
        await host.ApproveAsync(n, "sd");
        var view = await host.ViewAsync(n);
        Assert.Equal(["handout"], view.OpenTasks.Select(t => t.StepId));
        Assert.Single(view.Timeline, t => t.Type == "flow.node-completed.v1" && t.Summary.StartsWith("「joint」", StringComparison.Ordinal));
        var r = await host.ApproveAsync(n, "handout");
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Joint_OneBranchDenies_VetoCancelsSiblingsAndDeniesCase()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        await host.ApproveAsync(n, "sa");
        var r = await host.DenyAsync(n, "sb");
        Assert.Equal(CaseState.Decided, r.State);
        Assert.Equal(CaseOutcome.Denied, r.Outcome);
        Assert.Empty(r.OpenTaskIds);
        var page = await host.Store.ListTasksAsync(new OneStop.Engine.Storage.TaskQuery("x", ["a", "b", "c", "d", "clerk"], []));
        Assert.Empty(page.Items);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Joint_ReturnToStartFromBranch_CancelsEveryBranchTaskAndReopensIntake()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        await host.ApproveAsync(n, "sb");
        var sa = await host.TaskAsync(n, "sa");
        var r = await host.Engine.ExecuteAsync(new ReturnTask(n, "staff", host.Key(), sa.TaskId, "intake", "材料不一致"));
        var view = await host.ViewAsync(n);
        Assert.Equal(["intake"], view.OpenTasks.Select(t => t.StepId));
        Assert.Single(r.OpenTaskIds);
        // Going through again needs every branch again: the earlier approval of sb was reset.
        await host.ApproveAsync(n, "intake");
        Assert.Equal(4, (await host.ViewAsync(n)).OpenTasks.Count);
        await host.AssertReplayEqualsSnapshotAsync(n);
    }

    [Fact]
    public async Task Return_ToUndeclaredTarget_IsInvalidAndChangesNothing()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(SomeItems.JointCode);
        await host.ApproveAsync(n, "intake");
        var sb = await host.TaskAsync(n, "sb");
        var before = (await host.ViewAsync(n)).Version;
        var ex = await Assert.ThrowsAsync<InvalidCommandException>(() => host.Engine.ExecuteAsync(new ReturnTask(n, "staff", host.Key(), sb.TaskId, "intake", "x")).AsTask());
        Assert.Contains("none", ex.Problem, StringComparison.Ordinal);
        Assert.Equal(before, (await host.ViewAsync(n)).Version);
    }

    [Fact]
    public async Task JoinAny_FirstApproval_CancelsOtherBranch()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(AnyCode);
        await host.ApproveAsync(n, "sb");
        Assert.Equal(["after"], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId));
    }

    [Fact]
    public async Task JoinQuorum_TwoOfThree_ApprovesWithoutWaitingForTheThird()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(QuorumCode);
        await host.DenyAsync(n, "sa");
        Assert.Equal(2, (await host.ViewAsync(n)).OpenTasks.Count);
        await host.ApproveAsync(n, "sb");
        var r = await host.ApproveAsync(n, "sc");
        Assert.Equal(CaseOutcome.Approved, r.Outcome);
    }

    [Fact]
    public async Task JoinQuorum_TooManyDenials_Denies()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(QuorumCode);
        await host.DenyAsync(n, "sa");
        await host.ApproveAsync(n, "sb");
        var r = await host.DenyAsync(n, "sc");
        Assert.Equal(CaseOutcome.Denied, r.Outcome);
    }

    [Fact]
    public async Task NoVeto_Denial_WaitsForSiblingThenDenies()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(NoVetoCode);
        await host.DenyAsync(n, "sa");
        Assert.Equal(["sb"], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId));
        var r = await host.ApproveAsync(n, "sb");
        Assert.Equal(CaseOutcome.Denied, r.Outcome);
    }

    [Theory]
    [InlineData("formal", "10", "formal")]
    [InlineData("preparation", "500", "big")]
    [InlineData("preparation", "5", "small")]
    public async Task Choose_FirstTrueBranchElseOtherwise(string stage, string area, string expected)
    {
        using var host = Host();
        var n = await host.AcceptedAsync(ChooseCode, new() { ["stage"] = stage, ["area"] = area });
        Assert.Equal([expected], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId));
    }

    [Fact]
    public async Task StepWhen_False_IsSkipped_True_Runs()
    {
        using var host = Host();
        var n = await host.AcceptedAsync(ChooseCode, new() { ["stage"] = "formal", ["urgent"] = "false" });
        await host.ApproveAsync(n, "formal");
        Assert.Equal(["last"], (await host.ViewAsync(n)).OpenTasks.Select(t => t.StepId));
        var m = await host.AcceptedAsync(ChooseCode, new() { ["stage"] = "formal", ["urgent"] = "true" });
        await host.ApproveAsync(m, "formal");
        Assert.Equal(["urgent"], (await host.ViewAsync(m)).OpenTasks.Select(t => t.StepId));
    }
}
