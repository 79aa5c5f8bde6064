using OneStop.Engine.Flow;

namespace OneStop.Engine.Events;

/// <summary>The only code that changes a <see cref="CaseSnapshot"/>. Commands raise events and apply them at
/// once; replay applies the stored log with the same code, so replay always equals the snapshot.</summary>
internal static class EventApplier
{
    /// <summary>Applies one event.</summary>
    public static void Apply(CaseSnapshot s, FlowPlan plan, CaseEvent e, DateTimeOffset at, string actor)
    {
        // A cached closed case shares parts with others (CaseSnapshot.ShareClosedParts): its own copies first.
        if (s.SharesParts) s.OwnParts();
        s.Version++;
        s.UpdatedAt = at;
        switch (e)
        {
            case CaseSubmitted x:
                s.ItemCode = x.ItemCode;
                s.ItemVersion = x.ItemVersion;
                s.ContentHash = x.ContentHash;
                s.Department = x.Department;
                s.Kind = x.Kind;
                s.Applicant = x.Applicant;
                // The new case's empty form and list (shared, see CaseSnapshot.Filing) serve when the submission has none.
                if (x.Form.Count > 0 || s.Form.Count > 0) s.Form = new Dictionary<string, string>(x.Form, StringComparer.Ordinal);
                if (x.Materials.Count > 0 || s.Materials.Count > 0) s.Materials = [.. x.Materials];
                s.ParentCase = x.ParentCase;
                s.ParentNode = x.ParentNode;
                s.ParentToken = x.ParentToken;
                s.State = CaseState.Submitted;
                s.SubmittedAt = at;
                s.Status = new NodeStatus[x.Nodes];
                s.Cursor = new int[x.Nodes];
                s.Approve = new int[x.Nodes];
                // Denials, abstentions and request tokens start as shared zeros, copied on their first write (see ZeroArrays).
                s.Deny = ZeroArrays.Ints(x.Nodes);
                s.Abstain = ZeroArrays.Ints(x.Nodes);
                s.Done = new long[x.Nodes];
                s.Token = ZeroArrays.Longs(x.Nodes);
                break;
            case CorrectionRequested:
                s.CorrectionNotices++;
                s.State = CaseState.Correcting;
                break;
            case CaseResubmitted x:
                if (x.Form is not null)
                {
                    foreach (var kv in x.Form) s.FormToWrite[kv.Key] = kv.Value;
                }
                AddMaterials(s, x.Materials);
                s.State = CaseState.Submitted;
                break;
            case CaseAccepted x:
                s.State = CaseState.InProgress;
                s.AcceptedAt = at;
                if (x.PendingMaterials is { Count: > 0 })
                {
                    s.PendingMaterials = [.. x.PendingMaterials];
                    s.PendingDue = x.PromisedBy;
                }
                break;
            case CaseRejected:
                Close(s, CaseState.Rejected, at);
                break;
            case MaterialsSupplied x:
                AddMaterials(s, x.Materials);
                if (s.PendingMaterials is not null)
                {
                    foreach (var m in x.Materials) s.PendingMaterials.Remove(m);
                    if (s.PendingMaterials.Count == 0)
                    {
                        s.PendingMaterials = null;
                        s.PendingDue = null;
                    }
                }
                break;
            case CaseSuspended x:
                s.State = CaseState.Suspended;
                s.SuspendedFor = x.Procedure;
                break;
            case CaseResumed:
                s.State = CaseState.InProgress;
                s.SuspendedFor = null;
                break;
            case CaseExtended:
                s.Extended = true;
                break;
            case CaseDecided x:
                s.State = CaseState.Decided;
                s.Outcome = x.Outcome;
                s.DecidedAt = at;
                break;
            case CaseDelivered x:
                s.Fee = x.Fee;
                Close(s, CaseState.Concluded, at);
                break;
            case CaseWithdrawn:
                Close(s, CaseState.Withdrawn, at);
                break;
            case CaseTerminated:
                Close(s, CaseState.Terminated, at);
                break;
            case NodeStarted x:
                ApplyNodeStarted(s, plan, x);
                break;
            case NodeCompleted x:
                ApplyNodeCompleted(s, plan, x);
                break;
            case TaskOpened x:
                // The task's columns are its first store row (the commit uses it while its due instant holds).
                s.Tasks.Add(new TaskState(
                    new Storage.TaskRecord(x.TaskId, s.CaseNumber, plan.SeatColumnsOf(x.Node, x.Seat, x.Role, x.Department), x.Assignee, at, Clocks.TaskDue.Of(s, x.Node)),
                    x.Node, x.Seat, x.Then is { Count: > 0 } ? [.. x.Then] : null));
                s.NextTask++;
                break;
            case TaskClaimed x:
                s.FindTask(x.TaskId)!.Assignee = actor;
                break;
            case TaskApproved x:
                CloseTask(s, plan, x.TaskId, Vote.Approve);
                break;
            case TaskDenied x:
                CloseTask(s, plan, x.TaskId, Vote.Deny);
                break;
            case TaskAbstained x:
                CloseTask(s, plan, x.TaskId, Vote.Abstain);
                break;
            case TaskTransferred x:
                s.FindTask(x.TaskId)!.Assignee = x.To;
                break;
            case SignerAdded x:
                ApplySignerAdded(s, x);
                break;
            case TaskCommented:
                break;
            case TasksCancelled x:
                foreach (var id in x.TaskIds) s.Tasks.Remove(s.FindTask(id)!);
                break;
            case CaseReturned x:
                s.Returns++;
                s.Cursor[x.Sequence] = plan.Position[x.FromNode];
                Reset(s, x.FromNode, plan.SubtreeEnd[x.Sequence]);
                break;
            case ServiceRequested x:
                s.TokenToWrite[x.Node] = s.Version;
                break;
            case SubcaseRequested x:
                s.TokenToWrite[x.Node] = s.Version;
                break;
            case ServiceCompleted x:
                Clear(s.Token, x.Node);
                break;
            case SubcaseCompleted x:
                Clear(s.Token, x.Node);
                break;
            case Clocks.ClockEvent x:
                Clocks.ClockApplier.Apply(s, x, at);
                break;
            case Evaluations.EvaluationEvent x:
                Evaluations.EvaluationApplier.Apply(s, x, at);
                break;
            default:
                throw new InvalidOperationException("Unknown event " + e.TypeName);
        }
    }

    private enum Vote { Approve, Deny, Abstain }

    private static void Close(CaseSnapshot s, CaseState state, DateTimeOffset at)
    {
        s.State = state;
        s.ConcludedAt = at;
        s.SuspendedFor = null;
    }

    private static void AddMaterials(CaseSnapshot s, List<string> materials)
    {
        foreach (var m in materials)
        {
            if (!s.Materials.Contains(m)) s.MaterialsToWrite.Add(m);
        }
    }

    private static void ApplyNodeStarted(CaseSnapshot s, FlowPlan plan, NodeStarted x)
    {
        var i = x.Node;
        s.Status[i] = NodeStatus.Active;
        s.Cursor[i] = x.Branch >= 0 ? x.Branch : 0;
        s.Approve[i] = 0;
        Clear(s.Deny, i);
        Clear(s.Abstain, i);
        s.Done[i] = 0;
        var parent = plan.Parent[i];
        if (parent >= 0 && plan.Nodes[parent] is Definitions.Flow.SequenceDefinition) s.Cursor[parent] = plan.Position[i];
    }

    private static void ApplyNodeCompleted(CaseSnapshot s, FlowPlan plan, NodeCompleted x)
    {
        var i = x.Node;
        if (x.Status == NodeStatus.Cancelled)
        {
            // Cancelling a block cancels everything still running inside it.
            for (var k = i; k < plan.SubtreeEnd[i]; k++)
            {
                if (s.Status[k] == NodeStatus.Active) s.Status[k] = NodeStatus.Cancelled;
            }
            Clear(s.Token, i);
            return;
        }
        s.Status[i] = x.Status;
        var parent = plan.Parent[i];
        if (parent < 0 || plan.Nodes[parent] is not Definitions.Flow.ParallelDefinition) return;
        // A parallel block counts its finished branches.
        s.Done[parent] |= 1L << plan.Position[i];
        if (x.Status == NodeStatus.Denied) s.DenyToWrite[parent]++;
        else s.Approve[parent]++;
    }

    private static void CloseTask(CaseSnapshot s, FlowPlan plan, string taskId, Vote vote)
    {
        var task = s.FindTask(taskId)!;
        s.Tasks.Remove(task);
        // Approval with signers still to follow does not finish the seat (加签 after).
        if (vote == Vote.Approve && task.Then is { Count: > 0 }) return;
        var node = task.Node;
        var weight = plan.Seats[node][task.Seat].Weight;
        s.Done[node] |= 1L << task.Seat;
        switch (vote)
        {
            case Vote.Approve: s.Approve[node] += weight; break;
            case Vote.Deny: s.DenyToWrite[node] += weight; break;
            default: s.AbstainToWrite[node] += weight; break;
        }
        if (plan.Nodes[node] is Definitions.Flow.StepDefinition { Mode: Definitions.Flow.ApproverMode.Sequential }) s.Cursor[node] = task.Seat + 1;
    }

    private static void ApplySignerAdded(CaseSnapshot s, SignerAdded x)
    {
        var task = s.FindTask(x.TaskId)!;
        if (x.Before)
        {
            // The current holder signs again after the new signer: the task is superseded (its id closes)
            // and the flow opens the signer's task carrying the holder in Then.
            s.Tasks.Remove(task);
        }
        else
        {
            task.Then ??= [];
            task.Then.Insert(0, x.Signer);
        }
    }

    private static void Reset(CaseSnapshot s, int from, int end)
    {
        for (var k = from; k < end; k++)
        {
            s.Status[k] = NodeStatus.Pending;
            s.Cursor[k] = 0;
            s.Approve[k] = 0;
            Clear(s.Deny, k);
            Clear(s.Abstain, k);
            s.Done[k] = 0;
            Clear(s.Token, k);
        }
    }

    // A zero over a zero is no write: a shared all-zero array (see ZeroArrays) is never written.
    private static void Clear(int[] values, int i)
    {
        if (values[i] != 0) values[i] = 0;
    }

    private static void Clear(long[] values, int i)
    {
        if (values[i] != 0) values[i] = 0;
    }
}
