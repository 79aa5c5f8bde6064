using System.Text.Json;
using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;
using OneStop.Engine.Serialization;

namespace OneStop.Engine.Flow;

/// <summary>Moves a case through its compiled block-structured flow. Every change is an event raised on the
/// <see cref="CommandContext"/>; completion of a node always notifies its parent, which decides what runs next.
/// Because blocks are properly nested, a join is reached exactly once and a cancelled block leaves no task behind.</summary>
internal static partial class FlowRunner
{
    /// <summary>Starts the flow at the root sequence.</summary>
    public static void Start(CommandContext ctx) => StartNode(ctx, 0);

    /// <summary>Starts node <paramref name="i"/> (or skips it when its guard is false).</summary>
    public static void StartNode(CommandContext ctx, int i)
    {
        var node = ctx.Plan.Nodes[i];
        if (node.When is { } when && !when.IsTrue(ctx.Input))
        {
            Complete(ctx, i, NodeStatus.Skipped);
            return;
        }
        switch (node)
        {
            case SequenceDefinition seq:
                ctx.Raise(NodeStarted.Of(i));
                StartSequenceAt(ctx, seq, 0);
                break;
            case ParallelDefinition par:
                ctx.Raise(NodeStarted.Of(i));
                if (par.Branches.Length == 0)
                {
                    Complete(ctx, i, NodeStatus.Approved);
                    break;
                }
                foreach (var branch in par.Branches)
                {
                    // A branch that finishes at once may already have decided the block.
                    if (ctx.Snapshot.Status[i] != NodeStatus.Active) break;
                    StartNode(ctx, branch.Index);
                }
                break;
            case ChooseDefinition choose:
            {
                var chosen = -1;
                for (var k = 0; k < choose.Branches.Length; k++)
                {
                    if (choose.Branches[k].Condition.IsTrue(ctx.Input))
                    {
                        chosen = k;
                        break;
                    }
                }
                SequenceDefinition? flow = chosen >= 0 ? choose.Branches[chosen].Flow : choose.Otherwise;
                if (chosen < 0 && flow is not null) chosen = choose.Branches.Length;
                ctx.Raise(NodeStarted.Of(i, chosen));
                if (flow is null) Complete(ctx, i, NodeStatus.Approved);
                else StartNode(ctx, flow.Index);
                break;
            }
            case StepDefinition step:
                ctx.Raise(NodeStarted.Of(i));
                if (step.Mode == ApproverMode.Sequential) OpenTask(ctx, i, 0, null, null);
                else
                {
                    var seats = ctx.Plan.Seats[i].Length;
                    for (var s = 0; s < seats; s++) OpenTask(ctx, i, s, null, null);
                }
                break;
            case ServiceDefinition service:
                ctx.Raise(NodeStarted.Of(i));
                ctx.Raise(new ServiceRequested(i, service.Handler));
                ctx.AddOutbox(Channels.Service, service.Handler,
                    new ServiceRequestMessage(ctx.Snapshot.CaseNumber, i, ctx.Snapshot.Token[i], service.Id, service.Handler, service.MaxAttempts),
                    EngineJsonContext.Default.ServiceRequestMessage);
                break;
            case SubcaseDefinition sub:
            {
                ctx.Raise(NodeStarted.Of(i));
                ctx.Raise(new SubcaseRequested(i, sub.ItemCode, sub.Version));
                var form = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var (child, parent) in sub.FormMapping)
                {
                    if (ctx.Snapshot.Form.TryGetValue(parent, out var v)) form[child] = v;
                }
                ctx.AddOutbox(Channels.Subcase, "start",
                    new SubcaseStartMessage(ctx.Snapshot.CaseNumber, i, ctx.Snapshot.Token[i], sub.ItemCode, sub.Version,
                        ctx.Snapshot.Applicant, form, [.. ctx.Snapshot.Materials]),
                    EngineJsonContext.Default.SubcaseStartMessage);
                break;
            }
            default:
                throw new InvalidOperationException("Unknown flow node " + node.GetType().Name);
        }
    }

    /// <summary>Opens a task for a seat, assigned to <paramref name="assignee"/> when given.</summary>
    public static void OpenTask(CommandContext ctx, int node, int seat, string? assignee, List<string>? then)
    {
        var s = ctx.Snapshot;
        var id = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{s.CaseNumber}/{s.NextTask}");
        ctx.Raise(new TaskOpened(id, node, seat, ctx.Plan.Seated[node][seat], assignee, then));
        // The case's columns and the seat's step, role and department as shared parts (one object per notice).
        ctx.Notify(NotificationKind.TaskAssigned, ctx.NoticeCase, id, ctx.Plan.Seated[node][seat], assignee);
    }

    /// <summary>Marks node <paramref name="i"/> finished and lets its parent react.</summary>
    public static void Complete(CommandContext ctx, int i, NodeStatus status, bool advisory = false)
    {
        ctx.Raise(NodeCompleted.Of(i, status, advisory));
        var parent = ctx.Plan.Parent[i];
        if (parent < 0)
        {
            var outcome = status == NodeStatus.Denied ? CaseOutcome.Denied : CaseOutcome.Approved;
            ctx.Raise(CaseDecided.OfFlow(outcome));
            ctx.NotifyApplicant(NotificationKind.Decision, outcome);
            return;
        }
        switch (ctx.Plan.Nodes[parent])
        {
            case SequenceDefinition seq:
                if (status == NodeStatus.Denied) Complete(ctx, parent, NodeStatus.Denied);
                else StartSequenceAt(ctx, seq, ctx.Plan.Position[i] + 1);
                break;
            case ParallelDefinition par:
                OnBranchFinished(ctx, par, status);
                break;
            case ChooseDefinition:
                Complete(ctx, parent, status == NodeStatus.Denied ? NodeStatus.Denied : NodeStatus.Approved);
                break;
        }
    }

    private static void StartSequenceAt(CommandContext ctx, SequenceDefinition seq, int position)
    {
        if (position >= seq.Children.Length) Complete(ctx, seq.Index, NodeStatus.Approved);
        else StartNode(ctx, seq.Children[position].Index);
    }

    private static void OnBranchFinished(CommandContext ctx, ParallelDefinition par, NodeStatus status)
    {
        var s = ctx.Snapshot;
        var p = par.Index;
        if (s.Status[p] != NodeStatus.Active) return;
        var n = par.Branches.Length;
        var approved = s.Approve[p];
        var denied = s.Deny[p];
        var remaining = n - approved - denied;
        var needed = par.Join switch { JoinMode.Any => 1, JoinMode.Quorum => Math.Max(1, par.Quorum), _ => n };
        if (status == NodeStatus.Denied && par.Veto)
        {
            CancelBranches(ctx, par, "veto");
            Complete(ctx, p, NodeStatus.Denied);
        }
        else if (approved >= needed)
        {
            CancelBranches(ctx, par, "join");
            Complete(ctx, p, NodeStatus.Approved);
        }
        else if (remaining == 0)
        {
            // Without a veto a denial waits for the other branches; the join then cannot be met.
            Complete(ctx, p, NodeStatus.Denied);
        }
    }

    private static void CancelBranches(CommandContext ctx, ParallelDefinition par, string reason)
    {
        CancelTasksWithin(ctx, par.Index, ctx.Plan.SubtreeEnd[par.Index], reason);
        foreach (var b in par.Branches)
        {
            if (ctx.Snapshot.Status[b.Index] == NodeStatus.Active) ctx.Raise(NodeCompleted.Of(b.Index, NodeStatus.Cancelled));
        }
    }

    /// <summary>Cancels every open task whose step lies in [<paramref name="from"/>, <paramref name="end"/>).</summary>
    public static void CancelTasksWithin(CommandContext ctx, int from, int end, string reason)
    {
        List<string>? ids = null;
        foreach (var t in ctx.Snapshot.Tasks)
        {
            if (t.Node >= from && t.Node < end) (ids ??= []).Add(t.Id);
        }
        if (ids is not null) ctx.Raise(new TasksCancelled(ids, reason));
    }

    /// <summary>Stops the whole flow: cancels open tasks and running blocks. Returns true when anything was running.</summary>
    public static bool StopAll(CommandContext ctx, string reason)
    {
        var s = ctx.Snapshot;
        var hadTasks = s.Tasks.Count > 0;
        CancelTasksWithin(ctx, 0, ctx.Plan.Nodes.Length, reason);
        var running = s.Status.Length > 0 && s.Status[0] == NodeStatus.Active;
        if (running) ctx.Raise(NodeCompleted.Of(0, NodeStatus.Cancelled));
        return hadTasks || running;
    }
}
