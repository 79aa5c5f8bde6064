using System.Collections.Immutable;

namespace OneStop.Engine.Lifecycle;

/// <summary>The compiled transition table of the case lifecycle, shared by every case. Each row is a state;
/// a cell holds the state an action leads to, or nothing when the action is illegal there. Actions whose
/// target depends on the flow (task actions) lead back to the same state; the flow may then decide.</summary>
internal static class LifecycleTable
{
    private const int States = (int)CaseState.Terminated + 1;
    private const int Actions = (int)CaseAction.CompleteSubcase + 1;

    // -1 = illegal; otherwise the nominal target state.
    private static readonly sbyte[] Cells = Build();
    private static readonly ImmutableArray<CaseAction>[] Allowed = BuildAllowed();

    /// <summary>True when <paramref name="action"/> is legal in <paramref name="state"/>.</summary>
    public static bool IsAllowed(CaseState state, CaseAction action) => Cells[(int)state * Actions + (int)action] >= 0;

    /// <summary>The nominal target state; only valid when the action is allowed.</summary>
    public static CaseState Target(CaseState state, CaseAction action) => (CaseState)Cells[(int)state * Actions + (int)action];

    /// <summary>The actions legal in <paramref name="state"/>, in declaration order.</summary>
    public static ImmutableArray<CaseAction> AllowedActions(CaseState state) => Allowed[(int)state];

    /// <summary>Open states: the case still runs and may be withdrawn or terminated.</summary>
    public static bool IsOpen(CaseState state) => state is CaseState.Submitted or CaseState.Correcting or CaseState.InProgress or CaseState.Suspended;

    /// <summary>Closed states accept no action at all.</summary>
    public static bool IsClosed(CaseState state) => state is CaseState.Concluded or CaseState.Rejected or CaseState.Withdrawn or CaseState.Terminated;

    /// <summary>Throws <see cref="IllegalActionException"/> unless the action is legal.</summary>
    public static void Require(string caseNumber, CaseState state, CaseAction action)
    {
        if (!IsAllowed(state, action)) throw new IllegalActionException(caseNumber, state, action, AllowedActions(state));
    }

    private static sbyte[] Build()
    {
        var cells = new sbyte[States * Actions];
        Array.Fill(cells, (sbyte)-1);
        void Set(CaseState from, CaseAction action, CaseState to) => cells[(int)from * Actions + (int)action] = (sbyte)to;

        Set(CaseState.Submitted, CaseAction.Accept, CaseState.InProgress);
        Set(CaseState.Submitted, CaseAction.AcceptWithPendingMaterials, CaseState.InProgress);
        Set(CaseState.Submitted, CaseAction.RequestCorrection, CaseState.Correcting);
        Set(CaseState.Submitted, CaseAction.Reject, CaseState.Rejected);

        Set(CaseState.Correcting, CaseAction.Resubmit, CaseState.Submitted);
        Set(CaseState.Correcting, CaseAction.Reject, CaseState.Rejected);

        foreach (var task in new[] { CaseAction.ClaimTask, CaseAction.ApproveTask, CaseAction.DenyTask, CaseAction.AbstainTask,
                     CaseAction.ReturnTask, CaseAction.TransferTask, CaseAction.AddSigner, CaseAction.CommentTask })
        {
            Set(CaseState.InProgress, task, CaseState.InProgress);
        }
        Set(CaseState.InProgress, CaseAction.SupplyMaterials, CaseState.InProgress);
        Set(CaseState.InProgress, CaseAction.Suspend, CaseState.Suspended);
        Set(CaseState.InProgress, CaseAction.Extend, CaseState.InProgress);
        Set(CaseState.InProgress, CaseAction.Decide, CaseState.Decided);
        Set(CaseState.InProgress, CaseAction.CompleteService, CaseState.InProgress);
        Set(CaseState.InProgress, CaseAction.CompleteSubcase, CaseState.InProgress);

        // Automatic work started before a suspension may finish during it; it is recorded, and any task it
        // opens waits for the resumption (task actions are not legal while suspended).
        Set(CaseState.Suspended, CaseAction.Resume, CaseState.InProgress);
        Set(CaseState.Suspended, CaseAction.SupplyMaterials, CaseState.Suspended);
        Set(CaseState.Suspended, CaseAction.Extend, CaseState.Suspended);
        Set(CaseState.Suspended, CaseAction.CompleteService, CaseState.Suspended);
        Set(CaseState.Suspended, CaseAction.CompleteSubcase, CaseState.Suspended);

        Set(CaseState.Decided, CaseAction.Deliver, CaseState.Concluded);

        foreach (var open in new[] { CaseState.Submitted, CaseState.Correcting, CaseState.InProgress, CaseState.Suspended })
        {
            Set(open, CaseAction.Withdraw, CaseState.Withdrawn);
            Set(open, CaseAction.Terminate, CaseState.Terminated);
        }
        return cells;
    }

    private static ImmutableArray<CaseAction>[] BuildAllowed()
    {
        var result = new ImmutableArray<CaseAction>[States];
        for (var s = 0; s < States; s++)
        {
            var b = ImmutableArray.CreateBuilder<CaseAction>();
            for (var a = 0; a < Actions; a++)
            {
                if (Cells[s * Actions + a] >= 0) b.Add((CaseAction)a);
            }
            result[s] = b.ToImmutable();
        }
        return result;
    }
}
