using OneStop.Definitions.Flow;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;

namespace OneStop.Engine.Pipeline;

internal static partial class CommandHandler
{
    /// <summary>The open task a task command names, or an <see cref="InvalidCommandException"/>.</summary>
    public static TaskState FindTask(CommandContext ctx, CaseCommand command)
    {
        var id = TaskIdOf(command) ?? throw Invalid(ctx, command.Action, "no task id");
        return ctx.Snapshot.FindTask(id) ?? throw Invalid(ctx, command.Action, $"task {id} is not open on this case");
    }

    /// <summary>The task id of a task command, or null for case commands.</summary>
    public static string? TaskIdOf(CaseCommand command) => command switch
    {
        ClaimTask c => c.TaskId,
        ApproveTask c => c.TaskId,
        DenyTask c => c.TaskId,
        AbstainTask c => c.TaskId,
        ReturnTask c => c.TaskId,
        TransferTask c => c.TaskId,
        AddSigner c => c.TaskId,
        CommentTask c => c.TaskId,
        _ => null,
    };

    private static void HandleTask(CommandContext ctx, CaseCommand command)
    {
        var task = FindTask(ctx, command);
        var step = (StepDefinition)ctx.Plan.Nodes[task.Node];
        switch (command)
        {
            case ClaimTask:
                if (task.Assignee is not null)
                    throw Invalid(ctx, command.Action, $"task {task.Id} is already assigned to {task.Assignee}");
                ctx.Raise(new TaskClaimed(task.Id));
                break;
            case ApproveTask c:
            {
                var followers = task.Then is { Count: > 0 };
                ctx.Raise(new TaskApproved(task.Id, c.Opinion));
                FlowRunner.EvaluateStep(ctx, task.Node, task, followers);
                break;
            }
            case DenyTask c:
                Require(ctx, c.Action, c.Reason, "a reason is required");
                ctx.Raise(new TaskDenied(task.Id, c.Reason));
                FlowRunner.EvaluateStep(ctx, task.Node, task, false);
                break;
            case AbstainTask c:
                if (step.Mode != ApproverMode.Vote) throw Invalid(ctx, c.Action, $"abstaining is only possible on vote steps; step '{step.Id}' uses mode {step.Mode}");
                ctx.Raise(new TaskAbstained(task.Id, c.Opinion));
                FlowRunner.EvaluateStep(ctx, task.Node, task, false);
                break;
            case ReturnTask c:
            {
                Require(ctx, c.Action, c.Reason, "a reason is required");
                var allowed = false;
                foreach (var target in step.ReturnTargets)
                {
                    if (string.Equals(target.StepId, c.TargetStepId, StringComparison.Ordinal)) allowed = true;
                }
                if (!allowed)
                {
                    var list = step.ReturnTargets.IsDefaultOrEmpty ? "none" : string.Join(", ", step.ReturnTargets.Select(t => t.StepId));
                    throw Invalid(ctx, c.Action, $"step '{step.Id}' may not return to '{c.TargetStepId}'; declared targets: {list}");
                }
                FlowRunner.Return(ctx, task, c.TargetStepId, c.Reason);
                break;
            }
            case TransferTask c:
                Require(ctx, c.Action, c.ToActor, "the actor to transfer to is required");
                ctx.Raise(new TaskTransferred(task.Id, c.ToActor, c.Reason));
                // A staff notice: no applicant.
                ctx.Notify(NotificationKind.TaskAssigned, ctx.NoticeCase.WithoutApplicant, task.Id,
                    ctx.Plan.SeatColumnsOf(task.Node, task.Seat, task.Role, task.Department), c.ToActor);
                break;
            case AddSigner c:
            {
                Require(ctx, c.Action, c.Signer, "the signer is required");
                var before = c.Position == SignerPosition.Before;
                var holder = task.Assignee ?? ctx.Actor;
                var rest = task.Then;
                ctx.Raise(new SignerAdded(task.Id, c.Signer, before));
                if (before)
                {
                    // The signer signs first; the holder signs again afterwards, then anyone already queued.
                    List<string> then = [holder];
                    if (rest is not null) then.AddRange(rest);
                    FlowRunner.OpenTask(ctx, task.Node, task.Seat, c.Signer, then);
                }
                break;
            }
            case CommentTask c:
                Require(ctx, c.Action, c.Text, "the comment is empty");
                ctx.Raise(new TaskCommented(task.Id, c.Text));
                break;
        }
    }
}
