using OneStop.Definitions;
using OneStop.Engine.Events;
using OneStop.Engine.Flow;
using OneStop.Engine.Lifecycle;

namespace OneStop.Engine.Pipeline;

/// <summary>Turns a command into events on a private copy of the case. Checks the lifecycle table first, then
/// the command's own rules; any refusal throws before the first event, so nothing changes.</summary>
internal static partial class CommandHandler
{
    /// <summary>Handles a command on an existing case.</summary>
    public static void Handle(CommandContext ctx, CaseCommand command)
    {
        var s = ctx.Snapshot;
        LifecycleTable.Require(s.CaseNumber, s.State, command.Action);
        switch (command)
        {
            case Accept: HandleAccept(ctx); break;
            case AcceptWithPendingMaterials c: HandleAcceptPending(ctx, c); break;
            case RequestCorrection c: HandleCorrection(ctx, c); break;
            case Resubmit c:
                ctx.Raise(new CaseResubmitted(c.Form is null ? null : new Dictionary<string, string>(c.Form, StringComparer.Ordinal), [.. c.Materials ?? []]));
                ctx.NotifyApplicant(NotificationKind.Receipt);
                break;
            case Reject c:
                Require(ctx, c.Action, c.Reason, "a reason is required");
                FlowRunner.StopAll(ctx, "rejected");
                ctx.Raise(new CaseRejected(c.Reason));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Refusal, reason: c.Reason));
                break;
            case SupplyMaterials c:
                if (c.Materials is not { Count: > 0 }) throw Invalid(ctx, c.Action, "at least one material is required");
                ctx.Raise(new MaterialsSupplied([.. c.Materials]));
                break;
            case Suspend c:
                Require(ctx, c.Action, c.Reason, "a reason is required");
                ctx.Raise(new CaseSuspended(c.Procedure, c.Reason));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.SpecialProcedure, procedure: c.Procedure, reason: c.Reason, ended: false));
                break;
            case Resume c:
            {
                var procedure = s.SuspendedFor;
                ctx.Raise(new CaseResumed(c.Note));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.SpecialProcedure, procedure: procedure, reason: c.Note, ended: true));
                break;
            }
            case Extend c:
                if (s.Extended) throw Guard(ctx, c.Action, "the decision limit was already extended once (延期 is allowed once)");
                Require(ctx, c.Action, c.Reason, "a reason is required");
                Require(ctx, c.Action, c.Approver, "the approving official is required");
                ctx.Raise(new CaseExtended(c.Reason, c.Approver, ctx.Item.Time.Extension));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Extension, reason: c.Reason));
                break;
            case Decide c: HandleDecide(ctx, c); break;
            case Deliver c:
                if (c.Fee < 0) throw Invalid(ctx, c.Action, "the fee must not be negative");
                ctx.Raise(CaseDelivered.Of(c.Method, c.Certificate, c.Fee));
                break;
            case Withdraw c:
                FlowRunner.StopAll(ctx, "withdrawn");
                ctx.Raise(new CaseWithdrawn(c.Reason));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Closure, reason: c.Reason ?? "申请人撤回"));
                break;
            case Terminate c:
                Require(ctx, c.Action, c.Reason, "a reason is required");
                FlowRunner.StopAll(ctx, "terminated");
                ctx.Raise(new CaseTerminated(c.Reason));
                ctx.Notify(ctx.ApplicantNotice(NotificationKind.Closure, reason: c.Reason));
                break;
            case CompleteService c: HandleServiceDone(ctx, c); break;
            case CompleteSubcase c: HandleSubcaseDone(ctx, c); break;
            default: HandleTask(ctx, command); break;
        }
    }

    private static void HandleAccept(CommandContext ctx)
    {
        if (ctx.Item.Kind == ItemKind.Immediate)
        {
            // 即办件: accepted, decided and delivered at the window in one call; the flow is not run.
            ctx.Raise(new CaseAccepted(Immediate: true));
            ctx.Raise(new CaseDecided(CaseOutcome.Approved, null, ByFlow: false, TasksIncomplete: false));
            ctx.Raise(new CaseDelivered("window", null));
            ctx.NotifyApplicant(NotificationKind.Decision, CaseOutcome.Approved);
            return;
        }
        ctx.Raise(CaseAccepted.Plain);
        ctx.NotifyApplicant(NotificationKind.Acceptance);
        FlowRunner.Start(ctx);
    }

    private static void HandleAcceptPending(CommandContext ctx, AcceptWithPendingMaterials c)
    {
        if (c.PendingMaterials is not { Count: > 0 }) throw Invalid(ctx, c.Action, "list at least one pending material");
        if (c.PromisedBy < DateOnly.FromDateTime(ctx.Now.UtcDateTime.Date).AddDays(-1))
            throw Invalid(ctx, c.Action, $"the promised date {c.PromisedBy:yyyy-MM-dd} is in the past");
        ctx.Raise(new CaseAccepted([.. c.PendingMaterials], c.PromisedBy));
        ctx.Notify(ctx.ApplicantNotice(NotificationKind.Acceptance, pendingMaterials: [.. c.PendingMaterials], promisedBy: c.PromisedBy));
        FlowRunner.Start(ctx);
    }

    private static void HandleCorrection(CommandContext ctx, RequestCorrection c)
    {
        if (c.Items is not { Count: > 0 }) throw Invalid(ctx, c.Action, "the notice must list every missing or defective material (at least one)");
        var repeated = ctx.Snapshot.CorrectionNotices > 0;
        if (repeated && string.IsNullOrWhiteSpace(c.RepeatReason))
            throw Guard(ctx, c.Action, "a correction notice was already issued (一次性告知); a second one needs an explicit RepeatReason and is reported to supervision");
        var items = new List<CorrectionEntry>(c.Items.Count);
        foreach (var item in c.Items) items.Add(new CorrectionEntry(item.MaterialId, item.Problem));
        ctx.Raise(new CorrectionRequested(items, repeated, repeated ? c.RepeatReason : null));
        ctx.Notify(ctx.ApplicantNotice(NotificationKind.CorrectionNotice, items: [.. c.Items], reason: repeated ? c.RepeatReason : null));
    }

    private static void HandleDecide(CommandContext ctx, Decide c)
    {
        if (c.Outcome == CaseOutcome.DeemedApproved && !ctx.Item.Time.AllowsDeemedApproval)
            throw Guard(ctx, c.Action, "this item does not allow deemed approval (超时默认许可)");
        if (c.Outcome == CaseOutcome.Denied) Require(ctx, c.Action, c.Reason, "a denial needs a reason");
        var incomplete = FlowRunner.StopAll(ctx, "decided");
        ctx.Raise(new CaseDecided(c.Outcome, c.Reason, ByFlow: false, TasksIncomplete: incomplete));
        ctx.Notify(ctx.ApplicantNotice(NotificationKind.Decision, outcome: c.Outcome, reason: c.Reason));
    }

    private static void HandleServiceDone(CommandContext ctx, CompleteService c)
    {
        var s = ctx.Snapshot;
        // A late answer for a call the flow no longer waits on (returned, cancelled) changes nothing.
        if ((uint)c.Node >= (uint)s.Token.Length || s.Token[c.Node] != c.Token || s.Status[c.Node] != NodeStatus.Active) return;
        ctx.Raise(new ServiceCompleted(c.Node, c.Approved, c.Message));
        FlowRunner.Complete(ctx, c.Node, c.Approved ? NodeStatus.Approved : NodeStatus.Denied);
    }

    private static void HandleSubcaseDone(CommandContext ctx, CompleteSubcase c)
    {
        var s = ctx.Snapshot;
        if ((uint)c.Node >= (uint)s.Token.Length || s.Token[c.Node] != c.Token || s.Status[c.Node] != NodeStatus.Active) return;
        ctx.Raise(new SubcaseCompleted(c.Node, c.ChildCase, c.Outcome));
        var required = ((Definitions.Flow.SubcaseDefinition)ctx.Plan.Nodes[c.Node]).Required;
        var passed = c.Outcome != CaseOutcome.Denied || !required;
        FlowRunner.Complete(ctx, c.Node, passed ? NodeStatus.Approved : NodeStatus.Denied);
    }

    private static void Require(CommandContext ctx, CaseAction action, string? value, string problem)
    {
        if (string.IsNullOrWhiteSpace(value)) throw Invalid(ctx, action, problem);
    }

    private static InvalidCommandException Invalid(CommandContext ctx, CaseAction action, string problem) =>
        new(ctx.Snapshot.CaseNumber, action, problem);

    private static IllegalActionException Guard(CommandContext ctx, CaseAction action, string detail) =>
        new(ctx.Snapshot.CaseNumber, ctx.Snapshot.State, action, LifecycleTable.AllowedActions(ctx.Snapshot.State), detail);
}
