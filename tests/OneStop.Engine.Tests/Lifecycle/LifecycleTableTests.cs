using OneStop.Engine.Lifecycle;

namespace OneStop.Engine.Tests.Lifecycle;

public class LifecycleTableTests
{
    private static readonly CaseAction[] TaskActions =
    [
        CaseAction.ClaimTask, CaseAction.ApproveTask, CaseAction.DenyTask, CaseAction.AbstainTask, CaseAction.ReturnTask,
        CaseAction.TransferTask, CaseAction.AddSigner, CaseAction.CommentTask,
    ];

    // Written out independently of the implementation: the law's lifecycle as the docs describe it.
    internal static HashSet<(CaseState, CaseAction)> Expected()
    {
        var set = new HashSet<(CaseState, CaseAction)>
        {
            (CaseState.Submitted, CaseAction.Accept), (CaseState.Submitted, CaseAction.AcceptWithPendingMaterials),
            (CaseState.Submitted, CaseAction.RequestCorrection), (CaseState.Submitted, CaseAction.Reject),
            (CaseState.Correcting, CaseAction.Resubmit), (CaseState.Correcting, CaseAction.Reject),
            (CaseState.InProgress, CaseAction.SupplyMaterials), (CaseState.InProgress, CaseAction.Suspend),
            (CaseState.InProgress, CaseAction.Extend), (CaseState.InProgress, CaseAction.Decide),
            (CaseState.InProgress, CaseAction.CompleteService), (CaseState.InProgress, CaseAction.CompleteSubcase),
            (CaseState.Suspended, CaseAction.Resume), (CaseState.Suspended, CaseAction.SupplyMaterials),
            (CaseState.Suspended, CaseAction.Extend), (CaseState.Suspended, CaseAction.CompleteService),
            (CaseState.Suspended, CaseAction.CompleteSubcase),
            (CaseState.Decided, CaseAction.Deliver),
        };
        foreach (var a in TaskActions) set.Add((CaseState.InProgress, a));
        foreach (var s in new[] { CaseState.Submitted, CaseState.Correcting, CaseState.InProgress, CaseState.Suspended })
        {
            set.Add((s, CaseAction.Withdraw));
            set.Add((s, CaseAction.Terminate));
        }
        return set;
    }

    [Fact]
    public void IsAllowed_EveryStateAndAction_MatchesTheLaw()
    {
        var expected = Expected();
        foreach (var state in Enum.GetValues<CaseState>())
        {
            foreach (var action in Enum.GetValues<CaseAction>())
            {
                Assert.True(expected.Contains((state, action)) == LifecycleTable.IsAllowed(state, action), $"{state} × {action}");
            }
        }
    }

    [Theory]
    [InlineData(CaseState.Concluded)]
    [InlineData(CaseState.Rejected)]
    [InlineData(CaseState.Withdrawn)]
    [InlineData(CaseState.Terminated)]
    public void AllowedActions_ClosedState_IsEmpty(CaseState state)
    {
        Assert.Empty(LifecycleTable.AllowedActions(state));
        Assert.True(LifecycleTable.IsClosed(state));
    }

    [Theory]
    [InlineData(CaseState.Submitted, CaseAction.Accept, CaseState.InProgress)]
    [InlineData(CaseState.Submitted, CaseAction.RequestCorrection, CaseState.Correcting)]
    [InlineData(CaseState.Correcting, CaseAction.Resubmit, CaseState.Submitted)]
    [InlineData(CaseState.InProgress, CaseAction.Suspend, CaseState.Suspended)]
    [InlineData(CaseState.Suspended, CaseAction.Resume, CaseState.InProgress)]
    [InlineData(CaseState.InProgress, CaseAction.Decide, CaseState.Decided)]
    [InlineData(CaseState.Decided, CaseAction.Deliver, CaseState.Concluded)]
    [InlineData(CaseState.Correcting, CaseAction.Withdraw, CaseState.Withdrawn)]
    [InlineData(CaseState.Suspended, CaseAction.Terminate, CaseState.Terminated)]
    public void Target_LegalAction_IsTheLawsNextState(CaseState from, CaseAction action, CaseState to) =>
        Assert.Equal(to, LifecycleTable.Target(from, action));

    [Fact]
    public void Require_IllegalAction_NamesStateAndAllowedActions()
    {
        var ex = Assert.Throws<IllegalActionException>(() => LifecycleTable.Require("X-1", CaseState.Decided, CaseAction.Accept));
        Assert.Equal(CaseState.Decided, ex.State);
        Assert.Equal(CaseAction.Accept, ex.Action);
        Assert.Equal(new[] { CaseAction.Deliver }, ex.AllowedActions.ToArray());
        Assert.Contains("Decided", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Deliver", ex.Message, StringComparison.Ordinal);
    }
}
