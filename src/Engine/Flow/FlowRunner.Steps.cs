using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Pipeline;

namespace OneStop.Engine.Flow;

internal static partial class FlowRunner
{
    /// <summary>After a task of step <paramref name="i"/> closed: open the next signer or seat, or decide the step
    /// as soon as its outcome is certain (cancelling the tasks that no longer matter).</summary>
    public static void EvaluateStep(CommandContext ctx, int i, TaskState closed, bool approvedWithFollowers)
    {
        var step = (StepDefinition)ctx.Plan.Nodes[i];
        var s = ctx.Snapshot;
        if (approvedWithFollowers)
        {
            // 加签: the seat is not done until every added signer has signed.
            var then = closed.Then!;
            OpenTask(ctx, i, closed.Seat, then[0], then.Count > 1 ? then.GetRange(1, then.Count - 1) : null);
            return;
        }
        var seats = ctx.Plan.Seats[i];
        var total = ctx.Plan.TotalWeight[i];
        var approve = s.Approve[i];
        var deny = s.Deny[i];
        var abstain = s.Abstain[i];
        var pending = total - approve - deny - abstain;
        bool? passed = null;
        switch (step.Mode)
        {
            case ApproverMode.Any:
                passed = approve > 0 ? true : deny > 0 ? false : pending == 0 ? false : null;
                break;
            case ApproverMode.All:
                passed = deny > 0 ? false : pending == 0 ? approve > 0 : null;
                break;
            case ApproverMode.Sequential:
                if (deny > 0) passed = false;
                else if (s.Cursor[i] >= seats.Length) passed = approve > 0;
                else
                {
                    OpenTask(ctx, i, s.Cursor[i], null, null);
                    return;
                }
                break;
            case ApproverMode.Vote:
                passed = VoteOutcome(step.Vote, total, approve, abstain, pending);
                break;
        }
        if (passed is not { } ok) return;
        CancelTasksWithin(ctx, i, i + 1, "step decided");
        if (ok) Complete(ctx, i, NodeStatus.Approved);
        else if (step.AdvisoryDenial) Complete(ctx, i, NodeStatus.Approved, advisory: true);
        else Complete(ctx, i, NodeStatus.Denied);
    }

    /// <summary>票签: true when passing is certain, false when failing is certain, null while open. Remaining voters
    /// are assumed to vote against (for certainty of passing) or for (for certainty of failing).</summary>
    public static bool? VoteOutcome(VoteRule? rule, int total, int approve, int abstain, int pending)
    {
        rule ??= new VoteRule(0.5m, null);
        var denominator = rule.AbstainCountsInTotal ? total : total - abstain;
        decimal needed = rule.Count is { } count ? count : (rule.Ratio ?? 0.5m) * denominator;
        if (denominator == 0 && rule.Count is null && pending == 0) return false;
        if (approve >= needed && approve > 0) return true;
        if (approve + pending < needed || pending == 0) return false;
        return null;
    }

    /// <summary>退回: cancels everything from the target's block to the end of the enclosing sequence and
    /// restarts the flow at the target.</summary>
    public static void Return(CommandContext ctx, TaskState task, string targetStepId, string reason)
    {
        var plan = ctx.Plan;
        var target = ctx.Item.Steps[targetStepId].Index;
        // The lowest sequence enclosing both the returning step and the target.
        var seq = plan.Parent[task.Node];
        while (seq >= 0 && !(plan.Nodes[seq] is SequenceDefinition && plan.IsWithin(target, seq))) seq = plan.Parent[seq];
        if (seq < 0) seq = 0;
        // The child of that sequence which holds the target is where the flow restarts.
        var from = target;
        while (plan.Parent[from] != seq) from = plan.Parent[from];
        CancelTasksWithin(ctx, from, plan.SubtreeEnd[seq], "returned");
        ctx.Raise(new CaseReturned(task.Id, targetStepId, seq, from, reason));
        StartNode(ctx, from);
    }
}
